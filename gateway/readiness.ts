import type { SubgraphEndpoint } from './supergraphFile'

export interface ReadinessReport {
  ready: boolean
  subgraphs: Record<string, 'ready' | string>
}

/**
 * /ready: the gateway can serve when every subgraph answers its own /ready (which checks its
 * database). Probes arriving while one is in flight share it, so a burst of probes does not
 * become a burst of subgraph calls; a finished probe is never reused (no stale answers).
 */
export function createReadinessProbe(subgraphs: SubgraphEndpoint[], { timeoutMs = 1000 } = {}) {
  let inFlight: Promise<ReadinessReport> | undefined
  const probe = async (): Promise<ReadinessReport> => {
    const entries = await Promise.all(
      subgraphs.map(async ({ name, url }) => {
        const readyUrl = new URL(url)
        readyUrl.pathname = readyUrl.pathname.replace(/\/graphql\/?$/, '') + '/ready'
        try {
          const response = await fetch(readyUrl, { signal: AbortSignal.timeout(timeoutMs) })
          return [name, response.ok ? 'ready' : `not ready (HTTP ${response.status})`] as const
        } catch (error) {
          const e = error as { name?: string; cause?: { code?: string }; message?: string }
          return [
            name,
            `unreachable (${e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message)})`,
          ] as const
        }
      }),
    )
    return { ready: entries.every(([, state]) => state === 'ready'), subgraphs: Object.fromEntries(entries) }
  }
  return (): Promise<ReadinessReport> => {
    inFlight ??= probe().finally(() => {
      inFlight = undefined
    })
    return inFlight
  }
}
