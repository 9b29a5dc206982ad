import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'
import { signGatewayAssertion } from '../../contracts/gatewayAssertion'
import { WS_ASSERTION_FIELD } from '../../contracts/subscriptionWire'

/**
 * One graphql-ws connection per subgraph, shared by every federated subscription to it (the
 * protocol multiplexes operations); lazy, so it closes when the last subscription ends.
 *
 * No silent reconnects: when the connection drops (the subgraph restarted, or a replica went
 * away), every subscription on it ends with an error, and its clients subscribe again from the
 * cursor of the last event they received. Reconnecting here would resubscribe with each client's
 * original variables — its original `after` cursor — and send again everything since then, while
 * an event stored during the reconnect could be missed.
 */
export class UpstreamClients {
  private readonly clients = new Map<string, Client>()

  constructor(
    private readonly urls: Map<string, string>,
    private readonly authKey: Uint8Array,
  ) {}

  for(subgraph: string): Client {
    let client = this.clients.get(subgraph)
    if (!client) {
      const url = this.urls.get(subgraph)
      if (!url) throw new Error(`no URL for subgraph ${subgraph}`)
      // The connection proves it is the gateway's (a fresh assertion on every (re)connect); each
      // subscription on it carries its own user's assertion.
      const audience = subgraph
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 1000,
        retryAttempts: 0,
        connectionParams: async () => ({
          [WS_ASSERTION_FIELD]: await signGatewayAssertion(this.authKey, audience, null),
        }),
      })
      this.clients.set(subgraph, client)
    }
    return client
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.dispose()))
    this.clients.clear()
  }
}
