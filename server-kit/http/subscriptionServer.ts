import crypto from 'node:crypto'
import type http from 'node:http'
import type { Request, Response } from 'express'
import { GraphQLError, type GraphQLSchema } from 'graphql'
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import type { Logger } from '../logger'

/**
 * graphql-ws (the GraphQL over WebSocket protocol) on the server's /graphql path. Each operation
 * gets a fresh context, like an HTTP request. Unexpected errors reach the client as a generic
 * INTERNAL_SERVER_ERROR; the details go to the log.
 */
export function serveSubscriptions<TContext>(
  server: http.Server,
  schema: GraphQLSchema,
  createContext: (input: { req: Request; res: Response; requestId: string }) => Promise<TContext> | TContext,
  logger: Logger,
): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: '/graphql' })
  const cleanup = useServer(
    {
      schema,
      context: async (ctx) => createContext({ req: ctx.extra.request as Request, res: undefined as unknown as Response, requestId: crypto.randomUUID() }),
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) if (!error.extensions?.code) logger.error({ err: error }, 'subscription error')
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return
        return {
          ...result,
          errors: result.errors.map((e) => {
            if (e.extensions?.code) return e.toJSON()
            logger.error({ err: e }, 'unexpected error in a subscription event')
            return new GraphQLError('Internal server error.', { path: e.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }).toJSON()
          }),
        }
      },
    },
    wss,
  )
  return {
    async dispose() {
      await cleanup.dispose()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}
