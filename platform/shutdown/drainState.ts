import type { NodeHandler } from '../http/nodeHandler'
import type { ShutdownPhase } from './shutdownSequence'
import { sleepUnlessAborted } from './abortable'

/**
 * A server's draining flag, raised as the first step of a shutdown: /ready answers 503 so load
 * balancers stop sending, and every response from then on carries `Connection: close`, so
 * clients on kept-alive connections (the gateway's pool to a subgraph, a load balancer's) open
 * their next request elsewhere instead of racing the socket's close. Requests still arriving are
 * served: the listener stays open until the http phase.
 */
export interface DrainState {
  readonly draining: boolean
  /** HTTP requests being answered now (named in the log if the bound cuts the drain short). */
  readonly inFlight: number
  /** Aborted when draining starts: long-held requests (the outbox feed's long polls) answer at once. */
  readonly signal: AbortSignal
  middleware: NodeHandler
  /** The first shutdown phase: raise the flag, then give load balancers `delayMs` to notice. */
  readinessPhase(delayMs: number): ShutdownPhase
}

export function createDrainState(): DrainState {
  let draining = false
  let inFlight = 0
  const drainStarted = new AbortController()
  return {
    signal: drainStarted.signal,
    get draining() {
      return draining
    },
    get inFlight() {
      return inFlight
    },
    middleware: (_req, res, next) => {
      inFlight += 1
      res.once('close', () => (inFlight -= 1))
      if (draining) res.setHeader('Connection', 'close')
      next()
    },
    readinessPhase: (delayMs) => ({
      name: 'readiness',
      run: async (signal) => {
        draining = true
        drainStarted.abort()
        if (delayMs > 0) await sleepUnlessAborted(delayMs, signal)
      },
    }),
  }
}
