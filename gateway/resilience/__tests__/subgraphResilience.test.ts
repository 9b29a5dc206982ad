import { createLogger } from '../../../platform/logging/logger'
import { breakerState, fastFailures, retries } from '../breakerMetrics'
import type { FetchFailure } from '../fetchFailure'
import { SubgraphResilience, type AttemptOutcome, type ResilienceSettings } from '../subgraphResilience'

// The breaker and retries of one subgraph, driven by fake attempts: which outcomes open the
// breaker, that an open breaker fails fast without calling the subgraph, half-open and close after
// the cool-down (Date.now is moved, nothing waits), and which fetches are retried.

const silent = createLogger('test', { LOG_LEVEL: 'silent' })
const settings: ResilienceSettings = {
  breaker: { windowMs: 10_000, minCalls: 3, failureRate: 0.5, slowRate: 1 },
  breakerCooldownMs: 4000,
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
  it('opens when the calls fail, then fails fast without calling the subgraph', async () => {
    const breaker = create({ maxRetries: 0 })
    const { calls, attempt } = scripted(failed(refused))
    for (let i = 0; i < 3; i++) expect(await breaker.fetch(attempt, query)).toEqual(failed(refused))
    expect(breaker.state).toBe('open')
    expect(await valueOf(breakerState, { subgraph: breaker.subgraph })).toBe(2)
    expect(await breaker.fetch(attempt, query)).toEqual({ kind: 'fast-failed' })
    expect(calls.count).toBe(3)
    expect(await valueOf(fastFailures, { subgraph: breaker.subgraph })).toBe(1)
  })

  it.each<[string, AttemptOutcome<string>[]]>([
    ['a 4xx (the subgraph is up)', [failed({ kind: 'http', status: 400 })]],
    ['the client leaving', [{ kind: 'aborted', cause: 'client-closed', givenMs: 2000 }]],
    ['a deadline that left the subgraph no fair chance', [{ kind: 'aborted', cause: 'deadline', givenMs: 80 }]],
    // Busy, not broken: the client's budget runs out now and then while other calls are answered.
    ['deadlines missed now and then under load', [answered, { kind: 'aborted', cause: 'deadline', givenMs: 600 }]],
    ['a failure among answers', [answered, answered, failed(refused)]],
  ])('is not opened by %s', async (_label, outcomes) => {
    const breaker = create({ maxRetries: 0 })
    let n = 0
    const attempt = async () => outcomes[n++ % outcomes.length]!
    for (let i = 0; i < 30; i++) await breaker.fetch(attempt, query)
    expect(breaker.state).toBe('closed')
  })

  it.each<[string, AttemptOutcome<string>[]]>([
    [
      '5xx and its own timeouts: half the calls failed',
      [failed({ kind: 'http', status: 500 }), answered, failed({ kind: 'timeout' })],
    ],
    [
      'every call missing a deadline it had a fair chance to meet (hung)',
      [{ kind: 'aborted', cause: 'deadline', givenMs: 780 }],
    ],
    [
      'every call failing or missing its deadline',
      [
        { kind: 'aborted', cause: 'deadline', givenMs: 780 },
        failed(refused),
        { kind: 'aborted', cause: 'deadline', givenMs: 500 },
      ],
    ],
  ])('is opened by %s', async (_label, outcomes) => {
    const breaker = create({ maxRetries: 0 })
    let n = 0
    const attempt = async () => outcomes[n++ % outcomes.length]!
    for (let i = 0; i < 6 && breaker.state === 'closed'; i++) await breaker.fetch(attempt, query)
    expect(breaker.state).toBe('open')
  })

  it('judges the calls of the window only: failures that have aged out no longer count', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(3_000_000)
    const breaker = create({ maxRetries: 0 })
    const { attempt } = scripted(failed(refused), failed(refused), answered)
    await breaker.fetch(attempt, query)
    await breaker.fetch(attempt, query)
    now.mockReturnValue(3_000_000 + 11_000) // the two failures are out of the 10 s window (1 s buckets)
    for (let i = 0; i < 3; i++) await breaker.fetch(attempt, query)
    expect(breaker.state).toBe('closed')
    await breaker.fetch(scripted(failed(refused)).attempt, query)
    expect(breaker.state).toBe('closed') // 1 failure in 4 calls
  })

  it('probes soon after opening, backing off up to the cool-down while the subgraph stays down; a probe that answers closes it', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000)
    const breaker = create({ maxRetries: 0 })
    const down = scripted(failed(refused))
    for (let i = 0; i < 3; i++) await breaker.fetch(down.attempt, query)
    // Cool-down 4000 ms: probes after 1000, then 2000, then 4000 ms.
    let opened = 1_000_000
    for (const wait of [1000, 2000, 4000]) {
      now.mockReturnValue(opened + wait - 1)
      expect(await breaker.fetch(down.attempt, query)).toEqual({ kind: 'fast-failed' })
      now.mockReturnValue((opened += wait))
      expect(await breaker.fetch(down.attempt, query)).toEqual(failed(refused)) // the probe
      expect(breaker.state).toBe('open')
    }
    now.mockReturnValue(opened + 4000)
    const up = scripted(answered)
    expect(await breaker.fetch(up.attempt, query)).toEqual(answered)
    expect(breaker.state).toBe('closed')
    expect(await valueOf(breakerState, { subgraph: breaker.subgraph })).toBe(0)
    // Closed afresh: the failures before it are forgotten.
    await breaker.fetch(down.attempt, query)
    expect(breaker.state).toBe('closed')
  })

  it('forgets the failures that opened it when a probe ends inconclusively (the client left) and it closes', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(4_000_000)
    const breaker = create({ maxRetries: 0 })
    const down = scripted(failed(refused))
    for (let i = 0; i < 3; i++) await breaker.fetch(down.attempt, query)
    expect(breaker.state).toBe('open')
    now.mockReturnValue(4_000_000 + 1000)
    const left = scripted({ kind: 'aborted', cause: 'client-closed', givenMs: 2000 })
    await breaker.fetch(left.attempt, query) // the probe: cockatiel closes on an inconclusive result
    expect(breaker.state).toBe('closed')
    // One failure among fresh calls is no reason to open again.
    await breaker.fetch(down.attempt, query)
    expect(breaker.state).toBe('closed')
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
    const breaker = create({ breaker: { ...settings.breaker, minCalls: 10 } })
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
    const breaker = create({
      breaker: { ...settings.breaker, minCalls: 1000 },
      retryBudget: { ratio: 0.1, minPerWindow: 0, windowMs: 10_000 },
    })
    const down = scripted(failed(refused))
    for (let i = 0; i < 100; i++) await breaker.fetch(down.attempt, query)
    // 100 requests earn 10 retries; without a budget they would have made 200.
    expect(down.calls.count).toBeLessThanOrEqual(100 + 10)
    expect(await valueOf(retries, { subgraph: breaker.subgraph, outcome: 'budget_exhausted' })).toBeGreaterThan(80)
  })
})
