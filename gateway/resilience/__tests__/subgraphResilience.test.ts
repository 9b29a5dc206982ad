import { createLogger } from '../../../platform/logging/logger'
import { breakerState, fastFailures, retries } from '../breakerMetrics'
import type { FetchFailure } from '../fetchFailure'
import { SubgraphResilience, type AttemptOutcome, type ResilienceSettings } from '../subgraphResilience'

// The breaker and retries of one subgraph, driven by fake attempts: which outcomes open the
// breaker, that an open breaker fails fast without calling the subgraph, half-open and close after
// the cool-down (Date.now is moved, nothing waits), and which fetches are retried.

const silent = createLogger('test', { LOG_LEVEL: 'silent' })
const settings: ResilienceSettings = {
  breakerFailures: 3,
  breakerCooldownMs: 5000,
  maxRetries: 2,
  retryBackoffMs: 1,
  retryBudget: { ratio: 0.1, minPerWindow: 100, windowMs: 10_000 },
  minFetchMs: 200,
}
const refused: FetchFailure = { kind: 'connection', code: 'ECONNREFUSED' }
const query = { idempotent: true, remainingMs: () => 3000 }
const mutation = { idempotent: false, remainingMs: () => 3000 }

let subgraphs = 0
/** A fresh subgraph name per test keeps metric series apart. */
const create = (overrides: Partial<ResilienceSettings> = {}) =>
  new SubgraphResilience(`sg${++subgraphs}`, { ...settings, ...overrides }, silent)

/** An attempt function that plays the given outcomes in turn (the last one repeats) and counts calls. */
function scripted(...outcomes: AttemptOutcome<string>[]) {
  const calls = { count: 0 }
  const attempt = async () => outcomes[Math.min(calls.count++, outcomes.length - 1)]!
  return { calls, attempt }
}
const answered: AttemptOutcome<string> = { kind: 'answered', response: 'data' }
const failed = (failure: FetchFailure): AttemptOutcome<string> => ({ kind: 'failed', failure })

async function valueOf(
  metric: { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await metric.get()
  return values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0)
}

afterEach(() => jest.restoreAllMocks())

describe('circuit breaker', () => {
  it('opens after consecutive failures, then fails fast without calling the subgraph', async () => {
    const breaker = create({ maxRetries: 0 })
    const { calls, attempt } = scripted(failed(refused))
    for (let i = 0; i < 3; i++) expect(await breaker.fetch(attempt, query)).toEqual(failed(refused))
    expect(breaker.state).toBe('open')
    expect(await valueOf(breakerState, { subgraph: breaker.subgraph })).toBe(2)
    expect(await breaker.fetch(attempt, query)).toEqual({ kind: 'fast-failed' })
    expect(calls.count).toBe(3)
    expect(await valueOf(fastFailures, { subgraph: breaker.subgraph })).toBe(1)
  })

  it.each<[string, AttemptOutcome<string>]>([
    ['a 4xx (the subgraph is up)', failed({ kind: 'http', status: 400 })],
    ['the client leaving', { kind: 'aborted', cause: 'client-closed', givenMs: 2000 }],
    ['a deadline that left the subgraph no fair chance', { kind: 'aborted', cause: 'deadline', givenMs: 80 }],
  ])('is not opened by %s', async (_label, outcome) => {
    const breaker = create({ maxRetries: 0 })
    const { attempt } = scripted(outcome)
    for (let i = 0; i < 5; i++) expect(await breaker.fetch(attempt, query)).toEqual(outcome)
    expect(breaker.state).toBe('closed')
  })

  it('is opened by timeouts: deadlines the subgraph had a fair chance to meet, and 5xx', async () => {
    const breaker = create({ maxRetries: 0 })
    const { attempt } = scripted(
      { kind: 'aborted', cause: 'deadline', givenMs: 780 },
      failed({ kind: 'http', status: 500 }),
      failed({ kind: 'timeout' }),
    )
    for (let i = 0; i < 3; i++) await breaker.fetch(attempt, query)
    expect(breaker.state).toBe('open')
  })

  it('needs the failures to be consecutive: an answer resets the count', async () => {
    const breaker = create({ maxRetries: 0 })
    const { attempt } = scripted(failed(refused), failed(refused), answered, failed(refused), failed(refused))
    for (let i = 0; i < 5; i++) await breaker.fetch(attempt, query)
    expect(breaker.state).toBe('closed')
  })

  it('half-opens after the cool-down: a probe that answers closes it, one that fails opens it again', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000)
    const breaker = create({ maxRetries: 0 })
    const down = scripted(failed(refused))
    for (let i = 0; i < 3; i++) await breaker.fetch(down.attempt, query)
    now.mockReturnValue(1_000_000 + 4999)
    expect(await breaker.fetch(down.attempt, query)).toEqual({ kind: 'fast-failed' })

    now.mockReturnValue(1_000_000 + 5000)
    expect(await breaker.fetch(down.attempt, query)).toEqual(failed(refused)) // the probe
    expect(breaker.state).toBe('open')
    expect(await breaker.fetch(down.attempt, query)).toEqual({ kind: 'fast-failed' })

    now.mockReturnValue(1_000_000 + 10_000)
    const up = scripted(answered)
    expect(await breaker.fetch(up.attempt, query)).toEqual(answered)
    expect(breaker.state).toBe('closed')
    expect(await valueOf(breakerState, { subgraph: breaker.subgraph })).toBe(0)
  })

  it("stops waiting on a half-open probe when the fetch's own deadline fires", async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(2_000_000)
    const breaker = create({ maxRetries: 0 })
    await Promise.all([1, 2, 3].map(() => breaker.fetch(scripted(failed(refused)).attempt, query)))
    now.mockReturnValue(2_000_000 + 5000)
    let answerProbe: (outcome: AttemptOutcome<string>) => void = () => {}
    const probe = breaker.fetch(() => new Promise<AttemptOutcome<string>>((resolve) => (answerProbe = resolve)), query)
    const controller = new AbortController()
    const waiting = breaker.fetch(scripted(answered).attempt, { ...query, signal: controller.signal })
    controller.abort('deadline')
    expect(await waiting).toEqual({ kind: 'gave-up' })
    answerProbe(answered)
    expect(await probe).toEqual(answered)
    expect(breaker.state).toBe('closed')
  })
})

describe('retries', () => {
  it('retries a query after a transient failure, and counts the retry that succeeded', async () => {
    const breaker = create()
    const { calls, attempt } = scripted(failed(refused), answered)
    expect(await breaker.fetch(attempt, query)).toEqual(answered)
    expect(calls.count).toBe(2)
    expect(await valueOf(retries, { subgraph: breaker.subgraph, outcome: 'succeeded' })).toBe(1)
  })

  it('never retries a mutation', async () => {
    const breaker = create()
    const { calls, attempt } = scripted(failed(refused), answered)
    expect(await breaker.fetch(attempt, mutation)).toEqual(failed(refused))
    expect(calls.count).toBe(1)
    expect(await valueOf(retries, { subgraph: breaker.subgraph })).toBe(0)
  })

  it.each<[string, AttemptOutcome<string>]>([
    ['a 500', failed({ kind: 'http', status: 500 })],
    ['a 4xx', failed({ kind: 'http', status: 403 })],
    ['a timeout', failed({ kind: 'timeout' })],
    ['a deadline abort', { kind: 'aborted', cause: 'deadline', givenMs: 780 }],
  ])('does not retry %s', async (_label, outcome) => {
    const breaker = create()
    const { calls, attempt } = scripted(outcome, answered)
    await breaker.fetch(attempt, query)
    expect(calls.count).toBe(1)
  })

  it('gives up after the configured retries, all counted as failed', async () => {
    const breaker = create({ breakerFailures: 10 })
    const { calls, attempt } = scripted(failed({ kind: 'http', status: 503 }))
    expect(await breaker.fetch(attempt, query)).toEqual(failed({ kind: 'http', status: 503 }))
    expect(calls.count).toBe(3)
    expect(await valueOf(retries, { subgraph: breaker.subgraph, outcome: 'failed' })).toBe(2)
  })

  it('does not retry when the deadline would leave the retry no fair chance', async () => {
    const breaker = create()
    const { calls, attempt } = scripted(failed(refused), answered)
    await breaker.fetch(attempt, { idempotent: true, remainingMs: () => 150 })
    expect(calls.count).toBe(1)
    expect(await valueOf(retries, { subgraph: breaker.subgraph, outcome: 'no_time_left' })).toBe(1)
  })

  it('stops retrying when the retry budget is spent, so retries cannot multiply an outage', async () => {
    const breaker = create({ breakerFailures: 1000, retryBudget: { ratio: 0.1, minPerWindow: 0, windowMs: 10_000 } })
    const down = scripted(failed(refused))
    for (let i = 0; i < 100; i++) await breaker.fetch(down.attempt, query)
    // 100 requests earn 10 retries; without a budget they would have made 200.
    expect(down.calls.count).toBeLessThanOrEqual(100 + 10)
    expect(await valueOf(retries, { subgraph: breaker.subgraph, outcome: 'budget_exhausted' })).toBeGreaterThan(80)
  })
})
