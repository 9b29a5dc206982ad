import WebSocket from 'ws'
import { createClient } from 'graphql-ws'
import { operation } from './operations'

/**
 * A CRC screen's alert feed over graphql-ws with one token and no reconnects: whether the gateway
 * acknowledged the connection, and when and how it closed it.
 */
export function liveAlertFeed(gatewayUrl: string, accessToken: string, siteIds: string[]) {
  let closed: { code: number; reason: string; at: number } | undefined
  let acknowledged = false
  const client = createClient({
    url: gatewayUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${accessToken}` },
    on: {
      connected: () => (acknowledged = true),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string }
        closed ??= { code, reason, at: Date.now() }
      },
    },
  })
  const events: unknown[] = []
  client.subscribe(
    { query: operation('CrcAlertFeed'), variables: { siteIds } },
    { next: (r) => void events.push(r), error: () => {}, complete: () => {} },
  )
  return { closed: () => closed, acknowledged: () => acknowledged, dispose: () => client.dispose() }
}

/**
 * How one subscription to the sites' alert feed from `after` ends: 'alert received' (accepted: an
 * alert came), 'FORBIDDEN' (refused), or what else happened, described. Subscribed from a cursor
 * before a stored alert, "accepted" is a positive signal rather than the absence of a refusal for
 * some time. `timeoutMs` only ends a hung wait: neither an alert nor a refusal is a failure.
 */
export async function alertFeedOutcome(
  gatewayUrl: string,
  accessToken: () => Promise<string>,
  siteIds: string[],
  after: string,
  timeoutMs = 60_000,
): Promise<string> {
  const client = createClient({
    url: gatewayUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: async () => ({ authorization: `Bearer ${await accessToken()}` }),
  })
  const outcome = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve(`no alert and no refusal within ${timeoutMs / 1000} s`), timeoutMs)
    client.subscribe(
      { query: operation('CrcAlertFeed'), variables: { siteIds, after } },
      {
        next: (r) => (
          clearTimeout(timer),
          resolve(
            (r.data as { adverseEventAlerts?: unknown } | null | undefined)?.adverseEventAlerts
              ? 'alert received'
              : r.errors?.[0]?.extensions?.code === 'FORBIDDEN'
                ? 'FORBIDDEN'
                : `event ${JSON.stringify(r)}`,
          )
        ),
        error: (e) => (
          clearTimeout(timer),
          resolve(
            Array.isArray(e) && e[0]?.extensions?.code === 'FORBIDDEN' ? 'FORBIDDEN' : `error ${JSON.stringify(e)}`,
          )
        ),
        complete: () => (clearTimeout(timer), resolve('completed')),
      },
    )
  })
  await client.dispose()
  return outcome
}
