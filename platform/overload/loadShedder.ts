import { GradientLimit, type GradientLimitSettings } from './gradientLimit'

/**
 * What a request is worth keeping under overload. `write`: someone's entry (a diary submission at
 * the 8 pm peak, a form saved) — lost work if refused; `read`: a screen that can be asked again.
 */
export type RequestPriority = 'write' | 'read'

export interface LoadShedderSettings {
  limit: GradientLimitSettings
  /**
   * Reads may fill only this share of the limit; the rest is kept for writes, so when reads alone
   * saturate the server a submission still finds room (reads are shed first).
   */
  readShare: number
}

/** A request let in: `release` when it is answered (or abandoned). */
export interface Admission {
  release(): void
}

export interface LoadShedderState {
  limit: number
  inFlight: number
}

/**
 * Admission control in front of a server: admits a request while fewer than its priority's share
 * of the adaptive limit are in flight, and refuses it at once otherwise (no queue: a refused
 * request costs the server nothing more, and its client hears "overloaded" within milliseconds
 * instead of timing out). Each admitted request's latency teaches the limit.
 */
export class LoadShedder {
  private readonly gradient: GradientLimit
  private inFlight = 0

  constructor(
    private readonly settings: LoadShedderSettings,
    private readonly now: () => number = () => performance.now(),
    loopDelayMs?: () => number,
  ) {
    this.gradient = new GradientLimit(settings.limit, loopDelayMs)
  }

  get state(): LoadShedderState {
    return { limit: this.gradient.limit, inFlight: this.inFlight }
  }

  /** Admits the request, or returns undefined: it is to be refused as overloaded. */
  tryAdmit(priority: RequestPriority): Admission | undefined {
    const limit = this.gradient.limit
    const allowed = priority === 'write' ? limit : Math.max(1, Math.floor(limit * this.settings.readShare))
    if (this.inFlight >= allowed) {
      this.gradient.recordRefusal()
      return undefined
    }
    const inFlight = ++this.inFlight
    const started = this.now()
    let released = false
    return {
      release: () => {
        if (released) return
        released = true
        this.inFlight -= 1
        const now = this.now()
        this.gradient.record(now - started, inFlight, now)
      },
    }
  }
}
