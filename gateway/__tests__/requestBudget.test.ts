import { RequestDeadline } from '../deadlines/requestBudget'
import { parseSubgraphDeadline } from '../../contracts/deadlineHeader'
import { parseRequestTimeout } from '../deadlines/requestTimeoutHeader'

describe('x-request-timeout-ms', () => {
  it.each([
    [undefined, 3000],
    ['', 3000],
    ['100', 100],
    [' 250 ', 250],
    ['3000', 3000],
    // A client may shorten its budget, never lengthen it: any longer deadline is served with the budget.
    ['3001', 3000],
    ['999999', 3000],
    ['99999999999', 3000],
    ['9'.repeat(30), 3000],
  ])('%p → %p ms', (value, ms) => {
    expect(parseRequestTimeout(value, 3000)).toEqual({ ok: true, ms })
  })

  it.each(['0', '-1', '1.5', 'soon', '1e3', '0x10', '  '])('rejects %p, explaining the format and the cap', (value) => {
    const parsed = parseRequestTimeout(value, 3000)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.message).toMatch(/must be a whole number of milliseconds, at least 1, e\.g\. "800"/)
      expect(parsed.message).toMatch(/above the gateway's budget of 3000 ms it counts as 3000/)
    }
  })
})

describe('x-deadline-ms (gateway → subgraph)', () => {
  it.each([
    ['800', 800],
    ['0', 0],
    ['-12', -12],
  ])('%p → %p', (value, ms) => {
    expect(parseSubgraphDeadline(value)).toEqual({ ok: true, ms })
  })
  it('rejects garbage', () => {
    expect(parseSubgraphDeadline('tomorrow').ok).toBe(false)
  })
})

describe('RequestDeadline', () => {
  it('aborts its signal when the budget runs out, with the cause', async () => {
    const deadline = new RequestDeadline(20)
    expect(deadline.remainingMs()).toBeLessThanOrEqual(20)
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve))
    expect(deadline.cause).toBe('request-budget')
    expect(deadline.elapsedMs()).toBeGreaterThanOrEqual(19)
  })

  it('records a client that left, and keeps the first cause', () => {
    const deadline = new RequestDeadline(10_000)
    deadline.abort('client-closed')
    deadline.abort('request-budget')
    expect(deadline.cause).toBe('client-closed')
    expect(deadline.signal.aborted).toBe(true)
  })

  it('finish() stops the timer so nothing fires after the response', async () => {
    const deadline = new RequestDeadline(10)
    deadline.finish()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(deadline.signal.aborted).toBe(false)
  })
})
