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
