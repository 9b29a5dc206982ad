import pino, { type Logger } from 'pino'

export type { Logger }

/**
 * One JSON logger per process (pino). LOG_FORMAT=pretty gives readable lines for development;
 * LOG_LEVEL picks the level. Never log patient names or other PHI: ids and codes only.
 */
export function createLogger(service: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL ?? 'info'
  if (env.LOG_FORMAT === 'pretty') {
    return pino({ level, base: { service }, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } } })
  }
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime })
}
