import type { IncomingMessage, ServerResponse } from 'node:http'
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server'
import type { Identity } from '../../contracts/identity'
import type { CachedOperations } from '../graphql/cachedOperations'
import {
  headerOf,
  runHandlers,
  type NodeHandler,
  type NodeRequest,
  type NodeResponse,
} from '../../platform/http/nodeHandler'

export interface GraphqlRouteOptions<TContext extends BaseContext> {
  /** What every /graphql request goes through first (request id, log, body, auth, deadline...). */
  handlers: readonly NodeHandler[]
  apollo: ApolloServer<TContext>
  /** Answers the operations it knows valid; undefined: Apollo Server answers everything. */
  cached?: CachedOperations<TContext>
  createContext: (input: { requestId: string; identity: Identity | null }) => Promise<TContext> | TContext
  /** Answers a request whose handling failed (Express's error handler of the same app). */
  onError: (error: unknown, req: NodeRequest, res: NodeResponse, next: (error?: unknown) => void) => void
}

/** Whether a request is for the GraphQL endpoint (Express's `app.use('/graphql')` matches the same). */
export function isGraphqlPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!
  return path === '/graphql' || path.startsWith('/graphql/')
}

/**
 * A subgraph's /graphql without Express: every request runs the given handlers (the same
 * functions Express runs for the server's other routes), then either the subgraph's own executor
 * for operations it has seen valid (subgraph-runtime/graphql/cachedOperations.ts) or Apollo
 * Server, called the way its Express integration calls it. Express's router, its per-request
 * prototypes and the integration cost more CPU than a small entity fetch's own work.
 */
export function graphqlRoute<TContext extends BaseContext>(
  options: GraphqlRouteOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, cached } = options
  return (incoming, outgoing) => {
    const req = incoming as NodeRequest
    const res = outgoing as NodeResponse
    res.locals = {}
    const fail = (error: unknown) => options.onError(error, req, res, () => res.destroy())
    runHandlers(options.handlers, req, res, () => answer(req, res).catch(fail), fail)
  }

  async function answer(req: NodeRequest, res: NodeResponse): Promise<void> {
    const identity = (res.locals.identity as Identity | null | undefined) ?? null
    const context = async () => options.createContext({ requestId: res.locals.requestId as string, identity })
    if (cached && req.method === 'POST' && acceptsPlainJson(req)) {
      const answered = await cached.answer(req.body, identity, context)
      if (answered) {
        for (const [name, value] of Object.entries(answered.headers)) res.setHeader(name, value)
        send(res, answered.status, answered.body)
        return
      }
    }
    const headers = new HeaderMap()
    for (const name of Object.keys(req.headers)) {
      const value = headerOf(req, name)
      if (value !== undefined) headers.set(name, value)
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: new URL(req.url ?? '/', 'http://subgraph').search,
        body: req.body,
      },
      context,
    })
    for (const [name, value] of response.headers) res.setHeader(name, value)
    if (response.body.kind === 'complete') return send(res, response.status ?? 200, response.body.string)
    res.statusCode = response.status ?? 200
    for await (const chunk of response.body.asyncIterator) res.write(chunk)
    res.end()
  }
}

/**
 * The own executor answers as application/json only: a client that asks for
 * application/graphql-response+json (whose request errors are 4xx) is Apollo Server's to answer.
 */
function acceptsPlainJson(req: IncomingMessage): boolean {
  const accept = headerOf(req, 'accept')
  return accept === undefined || accept === '' || accept === '*/*' || accept === 'application/json'
}

function send(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status
  res.setHeader('content-length', Buffer.byteLength(body))
  res.end(body)
}
