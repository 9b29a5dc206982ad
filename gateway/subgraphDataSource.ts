import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import type { Logger } from '../server-kit/logger'

/**
 * How the gateway calls one subgraph. A subgraph that cannot be reached (refused, reset, timed
 * out, 5xx) must cost only the fields it owns: we *return* an error instead of throwing it, so the
 * gateway keeps our code and message, adds serviceName and path, and completes the rest of the plan.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url })
    this.fetcher = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) } as RequestInit) as never
  }

  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options)
    } catch (error) {
      const reason = describeFailure(error)
      this.logger.warn({ subgraph: this.serviceName, reason }, 'subgraph request failed')
      return {
        errors: [
          {
            message: `The ${this.serviceName} service is unavailable (${reason}); its fields are missing from this response.`,
            extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.serviceName },
          },
        ],
      }
    }
  }
}

function describeFailure(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string }; extensions?: { response?: { status?: number } } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out'
  if (err?.cause?.code) return err.cause.code
  const status = err?.extensions?.response?.status
  if (status) return `HTTP ${status}`
  return err?.message ?? 'unknown error'
}
