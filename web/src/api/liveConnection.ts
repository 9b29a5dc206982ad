import { createClient, type Client } from 'graphql-ws'
import type { SessionManager } from '../session/sessionManager'
import { GRAPHQL_PATH } from './gatewayRequest'

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed'

export interface LiveConnection {
  client: Client
  state(): ConnectionState
  onState(listener: (state: ConnectionState) => void): () => void
  /** Called after every reconnection, so views can fetch what they may have missed. */
  onReconnected(listener: () => void): () => void
  dispose(): void
}

/**
 * The graphql-ws connection to the gateway for live alerts. The token goes in connection_init
 * and is fetched fresh at each (re)connection: the gateway closes a socket (4403) when the token
 * it was opened with expires, and the client reconnects with the refreshed one. It retries
 * forever with graphql-ws's randomised back-off; an ended session stops it.
 */
export function openLiveConnection(sessions: SessionManager): LiveConnection {
  let state: ConnectionState = 'idle'
  let everConnected = false
  const stateListeners = new Set<(state: ConnectionState) => void>()
  const reconnectListeners = new Set<() => void>()
  const set = (next: ConnectionState) => {
    state = next
    for (const listener of stateListeners) listener(next)
  }
  const url = new URL(GRAPHQL_PATH, window.location.href)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const client = createClient({
    url: url.toString(),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => sessions.state.kind === 'active',
    connectionParams: async () => {
      // Signed out meanwhile: no token, the gateway refuses (4403) and shouldRetry ends it there.
      const token = await sessions.accessToken()
      return token ? { authorization: `Bearer ${token}` } : {}
    },
    on: {
      connecting: () => set(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        const wasRetry = everConnected
        everConnected = true
        set('connected')
        if (wasRetry) for (const listener of reconnectListeners) listener()
      },
      closed: () => set(sessions.state.kind === 'active' ? 'reconnecting' : 'closed'),
    },
  })
  return {
    client,
    state: () => state,
    onState(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    onReconnected(listener) {
      reconnectListeners.add(listener)
      return () => reconnectListeners.delete(listener)
    },
    dispose() {
      // Disposing while a connection attempt is failing rejects with that attempt's close event: nothing to do.
      void Promise.resolve(client.dispose()).catch(() => undefined)
      set('closed')
    },
  }
}
