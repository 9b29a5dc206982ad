import type { RequestHandler } from 'express'
import type { Logger } from '../logger'
import { ErrorCodes } from '../errors'
import { parseSubgraphDeadline, SUBGRAPH_DEADLINE_HEADER } from '../deadlineHeaders'
import { requestWork } from '../database/requestWork'

/**
 * Every subgraph request runs inside a RequestWork whose signal aborts when the deadline the
 * gateway sent (x-deadline-ms) passes or the gateway closes the connection (it aborted the fetch).
 * Work already past its deadline is refused before it starts; the database driver cancels the
 * statements of an aborted request.
 */
export function requestWorkMiddleware(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const header = req.get(SUBGRAPH_DEADLINE_HEADER)
    let budgetMs = Infinity
    if (header !== undefined) {
      const parsed = parseSubgraphDeadline(header)
      if (!parsed.ok) {
        res.status(ErrorCodes.BAD_REQUEST.httpStatus).json({ errors: [{ message: parsed.message, extensions: { code: 'BAD_REQUEST' } }] })
        return
      }
      if (parsed.ms <= 0) {
        res.json({ data: null, errors: [{ message: 'The deadline passed before this subgraph started the work.', extensions: { code: 'DEADLINE_EXCEEDED', deadlineMs: parsed.ms } }] })
        return
      }
      budgetMs = parsed.ms
    }
    const controller = new AbortController()
    const started = performance.now()
    const timer = Number.isFinite(budgetMs) ? setTimeout(() => controller.abort('deadline passed'), budgetMs) : undefined
    controller.signal.addEventListener('abort', () => {
      logger.info({ requestId: res.locals.requestId, reason: controller.signal.reason, budgetMs: Number.isFinite(budgetMs) ? budgetMs : null, elapsedMs: Math.round(performance.now() - started) }, 'request aborted; cancelling its work')
    })
    res.on('close', () => {
      clearTimeout(timer)
      if (!res.writableFinished) controller.abort('caller closed the connection')
    })
    requestWork.run({ signal: controller.signal, budgetMs }, next)
  }
}
