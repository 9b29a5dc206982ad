import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * A request handler written against Node's own request and response, so that the same function
 * serves both in an Express app (as middleware) and on a route that skips Express altogether
 * (a subgraph's /graphql: subgraph-runtime/http/graphqlRoute.ts). `locals` is Express's
 * per-request bag, which such a route provides itself.
 */
export type NodeRequest = IncomingMessage & { body?: unknown }
export type NodeResponse = ServerResponse & { locals: Record<string, unknown> }
export type NodeHandler = (req: NodeRequest, res: NodeResponse, next: (error?: unknown) => void) => void

/** Header value as one string (Node gives arrays for repeated headers), like Express's `req.get`. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** A JSON answer, as Express's `res.status(status).json(body)` writes it. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('content-length', Buffer.byteLength(text))
  res.end(text)
}

/**
 * Runs handlers in order, each calling `next` to pass on, then `last`; an error passed to `next`
 * (or thrown) goes to `onError` and ends the chain. What Express's router does for one fixed list,
 * without its path matching and per-request prototype set-up.
 */
export function runHandlers(
  handlers: readonly NodeHandler[],
  req: NodeRequest,
  res: NodeResponse,
  last: () => void,
  onError: (error: unknown) => void,
): void {
  let index = 0
  const next = (error?: unknown): void => {
    if (error !== undefined) return onError(error)
    const handler = handlers[index++]
    if (!handler) return last()
    try {
      handler(req, res, next)
    } catch (thrown) {
      onError(thrown)
    }
  }
  next()
}
