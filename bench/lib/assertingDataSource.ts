import { RemoteGraphQLDataSource } from '@apollo/gateway'
import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '../../contracts/gatewayAssertion'
import type { Identity } from '../../contracts/identity'

/**
 * Stock RemoteGraphQLDataSource plus the one thing our subgraphs require of any caller: an
 * assertion signed with SUBGRAPH_AUTH_SECRET, here always for one fixed identity (a stock gateway
 * checks no tokens).
 */
export class AssertingDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly key: Uint8Array,
    private readonly identity: Identity | null,
    private readonly onSend?: (
      subgraph: string,
      url: string,
      request: { query?: string; operationName?: string; variables?: Record<string, unknown> },
    ) => void,
  ) {
    super({ url })
  }

  override async willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]) {
    request.http!.headers.set(
      GATEWAY_ASSERTION_HEADER,
      await signGatewayAssertion(this.key, this.subgraph, this.identity),
    )
    this.onSend?.(this.subgraph, this.url!, request)
  }
}

/** SUBGRAPH_URL overrides from the environment, e.g. EPRO_SUBGRAPH_URL → { epro: url }. */
export function subgraphUrlOverrides(env: NodeJS.ProcessEnv | Record<string, string>): Record<string, string> {
  const overrides: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    const match = /^([A-Z]+)_SUBGRAPH_URL$/.exec(key)
    if (match && value) overrides[match[1]!.toLowerCase()] = value
  }
  return overrides
}
