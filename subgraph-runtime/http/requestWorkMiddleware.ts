import { headerOf, sendJson, type NodeHandler } from '../../platform/http/nodeHandler'
import type { Logger } from '../../platform/logging/logger'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { parseSubgraphDeadline, SUBGRAPH_DEADLINE_HEADER } from '../../contracts/deadlineHeader'
import { requestWork } from '../database/requestWork'
import { errorDocument } from '../../contracts/errors/errorRegistry'

/**
 * Every subgraph request runs inside a RequestWork whose signal aborts when the deadline the
 * gateway sent (x-deadline-ms) passes or the gateway closes the connection (it aborted the fetch).
 * Work already past its deadline is refused before it starts; the database driver cancels the
 * statements of an aborted request.
 */
export function requestWorkMiddleware(logger: Logger): NodeHandler {
  return (req, res, next) => {
    const header = headerOf(req, SUBGRAPH_DEADLINE_HEADER)
    let budgetMs = Infinity
    if (header !== undefined) {
      const parsed = parseSubgraphDeadline(header)
      if (!parsed.ok) {
        sendJson(res, ErrorCodes.BAD_REQUEST.httpStatus, errorDocument(ErrorCodes.BAD_REQUEST, parsed.message))
        return
      }
      if (parsed.ms <= 0) {
        sendJson(res, 200, {
          data: null,
          ...errorDocument(ErrorCodes.DEADLINE_EXCEEDED, 'The deadline passed before this subgraph started the work.', {
            deadlineMs: parsed.ms,
          }),
        })
        return
      }
      budgetMs = parsed.ms
    }
    const controller = new AbortController()
    const started = performance.now()
    const timer = Number.isFinite(budgetMs)
      ? setTimeout(() => controller.abort('deadline passed'), budgetMs)
      : undefined
    controller.signal.addEventListener('abort', () => {
      logger.info(
        {
          requestId: res.locals.requestId,
          reason: controller.signal.reason,
          budgetMs: Number.isFinite(budgetMs) ? budgetMs : null,
          elapsedMs: Math.round(performance.now() - started),
        },
        'request aborted; cancelling its work',
      )
    })
    res.on('close', () => {
      clearTimeout(timer)
      if (!res.writableFinished) controller.abort('caller closed the connection')
    })
    requestWork.run({ signal: controller.signal, budgetMs }, next)
  }
}
