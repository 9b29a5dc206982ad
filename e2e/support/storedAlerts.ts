import type { SupergraphUnderTest } from './supergraphUnderTest'
import { eventually } from '../../test/support/eventually'

/**
 * Waits (up to `timeoutMs`) until the site has at least one stored alert, and returns how many it
 * has. Suites submit a pain-9 entry first and wait here, so what they then assert or measure is a
 * running pipeline: epro's alert consumer joins its Kafka group in the background, slower on a new
 * broker, and the first alert takes that long.
 */
export async function storedAlertCount(
  supergraph: SupergraphUnderTest,
  siteId: string,
  timeoutMs: number,
): Promise<number> {
  const alerts = await eventually(
    async () =>
      (await supergraph.post('query($s: [ID!]!) { adverseEventAlerts(siteIds: $s) { id } }', { s: [siteId] })).body.data
        ?.adverseEventAlerts ?? [],
    (list: unknown[]) => list.length > 0,
    timeoutMs,
    250,
  )
  return alerts.length
}
