import type { SupergraphUnderTest } from './supergraphUnderTest'
import { eventually } from '../../test/support/eventually'
import { alertCursor } from '../../subgraphs/epro/alerts/alertCursor'

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

/** The cursor before every alert: a subscription passing it as `after` gets all stored ones first. */
export const FEED_START = alertCursor(0n)

/**
 * The cursor of the sites' latest stored alert (or of the feed's start when they have none): a
 * subscription that passes it as `after` gets every alert stored from then on, whether it was
 * raised before or after the subscription reached epro. Suites subscribe from it instead of waiting
 * a moment and hoping the subscription is open upstream before the alert is raised.
 */
export async function feedEnd(supergraph: SupergraphUnderTest, siteIds: string[]): Promise<string> {
  let cursor = FEED_START
  for (;;) {
    const { body } = await supergraph.post(
      'query($s: [ID!]!, $after: String) { adverseEventAlerts(siteIds: $s, first: 500, after: $after) { cursor } }',
      { s: siteIds, after: cursor },
    )
    const page = body.data?.adverseEventAlerts as { cursor: string }[] | undefined
    if (!page) throw new Error(`the stored alerts could not be read: ${JSON.stringify(body.errors)}`)
    if (page.length === 0) return cursor
    cursor = page.at(-1)!.cursor
  }
}
