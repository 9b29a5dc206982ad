import pg from 'pg'
import { requestWork, WorkCancelledError } from './requestWork'

type QueryCallback = (error: Error | null, result?: unknown) => void

/**
 * A pg Client whose statements die with their request: a statement does not start once the
 * request's signal has aborted, and a running one is cancelled in Postgres itself
 * (pg_cancel_backend on its backend pid) the moment the signal aborts, so the server stops
 * working too instead of finishing a query nobody will read.
 */
export function cancellableClientClass(config: pg.ClientConfig): { Client: typeof pg.Client; close(): Promise<void> } {
  // A separate small pool sends the cancellations: the statement's own connection is busy.
  let cancelPool: pg.Pool | undefined
  const cancelBackend = (pid: number) => {
    cancelPool ??= new pg.Pool({ ...config, max: 2, idleTimeoutMillis: 10_000 })
    cancelPool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {
      // The statement may have finished meanwhile, or the server be gone: nothing left to cancel.
    })
  }

  class CancellableClient extends pg.Client {
    // pg's query() has many overloads (promise or callback, text or config); we only wrap it.
    override query(...args: unknown[]): never {
      const work = requestWork.getStore()
      const invoke = (...a: unknown[]) => (pg.Client.prototype.query as (...x: unknown[]) => unknown).apply(this, a)
      if (!work) return invoke(...args) as never
      const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as QueryCallback) : undefined
      if (work.signal.aborted) {
        const error = new WorkCancelledError(String(work.signal.reason ?? 'request aborted'))
        if (callback) return void process.nextTick(callback, error) as never
        return Promise.reject(error) as never
      }
      // pg keeps the backend's pid (BackendKeyData) in `processID`, which its typings and docs
      // leave out; cancellableClient.pg.test.ts ("cancels a running statement") fails if it moves.
      const pid = (this as unknown as { processID: number }).processID
      const onAbort = () => cancelBackend(pid)
      work.signal.addEventListener('abort', onAbort, { once: true })
      const settle = () => work.signal.removeEventListener('abort', onAbort)
      if (callback) {
        return invoke(...args, (error: Error | null, result?: unknown) => {
          settle()
          callback(error, result)
        }) as never
      }
      const result = invoke(...args) as Promise<unknown> | unknown
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        return (result as Promise<unknown>).then(
          (value) => (settle(), value),
          (error) => {
            settle()
            throw error
          },
        ) as never
      }
      settle()
      return result as never
    }
  }

  return {
    Client: CancellableClient as unknown as typeof pg.Client,
    close: async () => {
      await cancelPool?.end()
    },
  }
}
