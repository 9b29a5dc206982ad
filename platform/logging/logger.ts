import pino, { type Logger } from 'pino'
import { activeTraceFields } from '../telemetry/traceContext'
import { requestLogFields } from './logContext'

export type { Logger }

/**
 * One JSON logger per process (pino). Every line carries, when there is one, the trace and span
 * id (trace_id, span_id) and the request's id, user id and operation name, so one trace id finds
 * a request in every service's logs. LOG_FORMAT=pretty gives readable lines for development;
 * LOG_LEVEL picks the level. Never log patient names or other PHI: ids and codes only.
 */
export function createLogger(service: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL ?? 'info'
  const mixin = () => {
    const request = requestLogFields()
    return {
      ...activeTraceFields(),
      ...(request && { requestId: request.requestId, userId: request.userId, operation: request.operation }),
    }
  }
  if (env.LOG_FORMAT === 'pretty') {
    return pino({
      level,
      base: { service },
      mixin,
      transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } },
    })
  }
  return pino({ level, base: { service }, mixin, timestamp: pino.stdTimeFunctions.isoTime })
}
