import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type Express } from 'express'
import type { Logger } from '../logging/logger'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { accessLog } from '../logging/accessLog'
import { tracingMode } from '../telemetry/tracingSettings'
import { continueIncomingTrace } from '../telemetry/traceContext'
import { PROBE_PATHS } from './probePaths'
import { REQUEST_ID_HEADER, isAcceptableRequestId } from '../../contracts/requestId'
import { errorDocument, type ErrorCodeDefinition } from '../../contracts/errors/errorRegistry'
import { headerOf, sendJson, type NodeHandler, type NodeRequest, type NodeResponse } from './nodeHandler'

export interface HttpAppOptions {
  bodyLimit: string
  logger: Logger
}

/** Express app with the pieces every server here shares: request ids, access log, JSON body parsing. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.use(...sharedRequestHandlers(options))
  return app
}

/**
 * What every request goes through first, in order: the incoming trace (when only propagating:
 * exporting, the HTTP instrumentation opens each request's span), its request id, the access log
 * and the JSON body. Node-level handlers: a route that skips Express runs the same list.
 */
export function sharedRequestHandlers(options: HttpAppOptions): NodeHandler[] {
  return [
    ...(tracingMode(process.env) === 'propagate' ? [incomingTrace] : []),
    assignRequestId,
    ...accessLog(options.logger),
    express.json({ limit: options.bodyLimit }) as NodeHandler,
  ]
}

const incomingTrace: NodeHandler = (req, _res, next) => {
  if (PROBE_PATHS.test(req.url ?? '')) return next()
  continueIncomingTrace(req.headers, req.method ?? 'GET', next)
}

const assignRequestId: NodeHandler = (req, res, next) => {
  const given = headerOf(req, REQUEST_ID_HEADER)
  const id = isAcceptableRequestId(given) ? given : crypto.randomUUID()
  res.locals.requestId = id
  res.setHeader(REQUEST_ID_HEADER, id)
  next()
}

/**
 * Last handler: a body the JSON parser rejects gets a GraphQL-over-HTTP error document with the
 * right status, never Express's HTML page or a stack trace.
 */
export function jsonErrorHandler(
  logger: Logger,
): (error: unknown, req: NodeRequest, res: NodeResponse, next: (error?: unknown) => void) => void {
  // Express tells an error handler from middleware by its four parameters: keep them.
  return (error, req, res, next) => {
    if (res.headersSent) return next(error)
    const failure = error as { status?: unknown; type?: unknown; limit?: unknown } | undefined
    const requestId = res.locals.requestId as string | undefined
    const status = typeof failure?.status === 'number' ? failure.status : 500
    let refusal: ErrorCodeDefinition = ErrorCodes.INTERNAL_SERVER_ERROR
    let message = 'Internal server error.'
    if (failure?.type === 'entity.too.large') {
      refusal = ErrorCodes.PAYLOAD_TOO_LARGE
      message = `Request body is larger than the limit of ${String(failure.limit)} bytes.`
    } else if (failure?.type === 'entity.parse.failed') {
      refusal = ErrorCodes.BAD_REQUEST
      message = 'Request body is not valid JSON.'
    } else if (status >= 400 && status < 500) {
      refusal = ErrorCodes.BAD_REQUEST
      message = 'Malformed request.'
    } else {
      logger.error({ err: error, requestId, path: (req.url ?? '').split('?')[0] }, 'unhandled HTTP error')
    }
    sendJson(res, refusal.httpStatus, errorDocument(refusal, message, { requestId }))
  }
}

export interface RunningHttpServer {
  server: http.Server
  port: number
  url: string
  close(): Promise<void>
}

/**
 * Listens on host:port (0 picks a free port) and returns a close() that waits for the socket to
 * close. `keepAliveMs`: how long an idle connection is kept, advertised in `Keep-Alive: timeout`;
 * it must be longer than the idle timeout of whoever keeps connections to this server (a load
 * balancer), or this server closes sockets under their next request.
 */
export async function listen(
  app: Express | http.Server,
  port: number,
  host: string,
  keepAliveMs = 65_000,
): Promise<RunningHttpServer> {
  const server = app instanceof http.Server ? app : http.createServer(app)
  server.keepAliveTimeout = keepAliveMs
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = (server.address() as AddressInfo).port
  return {
    server,
    port: actualPort,
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}
