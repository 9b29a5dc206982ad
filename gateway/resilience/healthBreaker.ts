import { CircuitState, type IBreaker } from 'cockatiel'
import { HealthWindow, type CallVerdict, type HealthThresholds } from './healthWindow'

/**
 * cockatiel's breaker interface over a HealthWindow: cockatiel runs the states (closed, open,
 * half-open with one probe) and asks this when a call is over whether to open. cockatiel tells a
 * breaker only that a call failed, not how; `verdictOfLastFailure` reads it from the policy's
 * `lastFailure`, which cockatiel sets just before (synchronously) calling `failure`.
 */
export class HealthBreaker implements IBreaker {
  private readonly window: HealthWindow

  constructor(
    thresholds: HealthThresholds,
    private readonly verdictOfLastFailure: () => Exclude<CallVerdict, 'ok'>,
    private readonly now: () => number = Date.now,
  ) {
    this.window = new HealthWindow(thresholds)
  }

  /** Not serialised: a restarted gateway starts with its breakers closed. */
  get state(): unknown {
    return null
  }
  set state(_ignored: unknown) {}

  success(state: CircuitState): void {
    // A probe that answered closes the breaker: judge afresh from then on.
    if (state === CircuitState.HalfOpen) this.window.reset()
    else this.window.record('ok', this.now())
  }

  /**
   * The breaker closed. cockatiel also closes it after a probe that ended inconclusively (the
   * client left, a deadline too short to judge by) without calling `success`: the failures that
   * opened it must not stay in the window then either, or one more failure would reopen it at once.
   */
  closed(): void {
    this.window.reset()
  }

  failure(state: CircuitState): boolean {
    if (state === CircuitState.HalfOpen) return true
    this.window.record(this.verdictOfLastFailure(), this.now())
    return this.window.failing(this.now())
  }
}
