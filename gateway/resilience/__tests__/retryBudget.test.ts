import { RetryBudget } from '../retryBudget'

// The retry budget caps retries at a share of the requests over a sliding window, with a floor.
// A fake clock moves time; nothing waits.

function budgetAt(settings = { ratio: 0.1, minPerWindow: 2, windowMs: 10_000 }) {
  const clock = { now: 0 }
  return { clock, budget: new RetryBudget(settings, () => clock.now) }
}

/** Retries the budget grants in a row right now. */
function drain(budget: RetryBudget): number {
  let granted = 0
  while (budget.canRetry() && granted < 1000) {
    budget.recordRetry()
    granted++
  }
  return granted
}

describe('RetryBudget', () => {
  it('grants the floor when there is little traffic', () => {
    const { budget } = budgetAt()
    for (let i = 0; i < 5; i++) budget.recordRequest()
    expect(drain(budget)).toBe(2)
  })

  it('grants ratio × requests under load, and no more', () => {
    const { budget } = budgetAt()
    for (let i = 0; i < 200; i++) budget.recordRequest()
    expect(drain(budget)).toBe(20)
  })

  it('counts retries against the same window, whoever made them', () => {
    const { clock, budget } = budgetAt()
    for (let i = 0; i < 100; i++) budget.recordRequest()
    clock.now = 3000
    for (let i = 0; i < 100; i++) budget.recordRequest()
    expect(drain(budget)).toBe(20)
    clock.now = 6000
    expect(budget.canRetry()).toBe(false)
  })

  it('forgets requests and retries that slid out of the window', () => {
    const { clock, budget } = budgetAt()
    for (let i = 0; i < 100; i++) budget.recordRequest()
    expect(drain(budget)).toBe(10)
    clock.now = 9500 // the first bucket is still inside the window
    expect(budget.canRetry()).toBe(false)
    clock.now = 10_500 // now it has slid out: only the floor is left
    expect(drain(budget)).toBe(2)
  })

  it('grants nothing with a zero ratio and no floor', () => {
    const { budget } = budgetAt({ ratio: 0, minPerWindow: 0, windowMs: 10_000 })
    for (let i = 0; i < 100; i++) budget.recordRequest()
    expect(budget.canRetry()).toBe(false)
  })
})
