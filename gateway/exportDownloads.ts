import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { RequestHandler } from 'express'
import { ErrorCodes } from '../contracts/errors/commonErrorCodes'
import { errorDocument } from '../contracts/errors/errorRegistry'
import { GATEWAY_ASSERTION_HEADER } from '../contracts/gatewayAssertion'
import { REQUEST_ID_HEADER } from '../contracts/requestId'
import {
  EXPORT_DOWNLOAD_HEADERS,
  EXPORT_DOWNLOAD_SUBGRAPH,
  EXPORT_DOWNLOAD_SUBGRAPH_PATH,
} from '../contracts/exportDownload'
import type { Logger } from '../platform/logging/logger'
import type { AssertionSigner } from './auth/assertionSigner'

// A link token is base64url and a dot (contracts/exportDownload.ts); anything else is not sent on.
const TOKEN = /^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{1,100}$/

/**
 * GET /exports/download/:token — relays a completed export from the exports context, which checks
 * the signed link and audits the download (contracts/exportDownload.ts). No Authorization: the link
 * is the credential, so a browser can follow it. The file streams through; nothing is buffered.
 */
export function exportDownloadRoute(
  exportsGraphqlUrl: string | undefined,
  assertions: AssertionSigner,
  logger: Logger,
): RequestHandler {
  return (req, res, next) => {
    const token = String(req.params.token ?? '')
    if (!TOKEN.test(token)) {
      res
        .status(ErrorCodes.BAD_REQUEST.httpStatus)
        .json(errorDocument(ErrorCodes.BAD_REQUEST, 'This is not a download link (malformed token).'))
      return
    }
    const unavailable = () =>
      res
        .status(ErrorCodes.SERVICE_UNAVAILABLE.httpStatus)
        .json(
          errorDocument(
            ErrorCodes.SERVICE_UNAVAILABLE,
            `The ${EXPORT_DOWNLOAD_SUBGRAPH} service is unavailable; try the link again shortly.`,
            { serviceName: EXPORT_DOWNLOAD_SUBGRAPH },
          ),
        )
    if (!exportsGraphqlUrl) return void unavailable()
    ;(async () => {
      const upstream = await fetch(new URL(`${EXPORT_DOWNLOAD_SUBGRAPH_PATH}/${token}`, exportsGraphqlUrl), {
        headers: {
          [GATEWAY_ASSERTION_HEADER]: await assertions(EXPORT_DOWNLOAD_SUBGRAPH, null),
          [REQUEST_ID_HEADER]: String(res.locals.requestId ?? ''),
        },
      }).catch((error: unknown) => {
        logger.warn({ err: error }, 'export download: the exports service could not be reached')
        return null
      })
      if (!upstream) return void unavailable()
      res.status(upstream.status)
      for (const name of EXPORT_DOWNLOAD_HEADERS) {
        const value = upstream.headers.get(name)
        if (value) res.set(name, value)
      }
      if (!upstream.ok) res.type('application/json')
      if (!upstream.body) return void res.end()
      await pipeline(Readable.fromWeb(upstream.body as WebReadableStream), res).catch((error: unknown) =>
        logger.warn({ err: error }, 'export download ended early (the client or the exports service went away)'),
      )
    })().catch(next)
  }
}
