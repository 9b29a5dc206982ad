import type { TokenBucket } from '../tokenBucket'
import type { TokenBucketSpec } from '../rateLimitSettings'
import { DEFAULT_RATE_LIMITS } from '../rateLimitSettings'
import { rateLimitedError, rateLimitPolicy } from '../rateLimitPolicy'

/**
 * Buckets without a clock: each holds its spec's burst and never refills, and records what it was
 * charged — enough to pin which buckets an operation is charged to, and in what order.
 */
function countingBuckets() {
  const charged: string[] = []
  const used = new Map<string, number>()
  const bucket = (name: string, spec: TokenBucketSpec): TokenBucket => ({
    spec,
    async take(key, tokens) {
      const id = `${name} ${key}`
      if ((used.get(id) ?? 0) + tokens > spec.burst) return { retryAfterSeconds: 3 }
      used.set(id, (used.get(id) ?? 0) + tokens)
      charged.push(`${id} ${tokens}`)
      return undefined
    },
  })
  return {
    charged,
    policy: rateLimitPolicy(
      { ...DEFAULT_RATE_LIMITS, userQueries: { perSecond: 1, burst: 5 }, ipAnonymous: { perSecond: 1, burst: 2 } },
      bucket,
    ),
  }
}

const alice = { userId: 'alice', clientIp: '10.1.1.1' }
const bob = { userId: 'bob', clientIp: '10.1.1.1' }

describe('rateLimitPolicy', () => {
  it("charges a signed-in caller's own bucket, then the looser one of their address, per class", async () => {
    const { policy, charged } = countingBuckets()
    expect(await policy.admit(alice, { operationClass: 'query', tokens: 2 })).toBeUndefined()
    expect(await policy.admit(alice, { operationClass: 'mutation', tokens: 1 })).toBeUndefined()
    expect(charged).toEqual([
      'user:query alice 2',
      'ip:query 10.1.1.1 2',
      'user:mutation alice 1',
      'ip:mutation 10.1.1.1 1',
    ])
  })

  it("keeps a user's mutations (diary submissions) going when their query bucket is empty", async () => {
    const { policy } = countingBuckets()
    expect(await policy.admit(alice, { operationClass: 'query', tokens: 5 })).toBeUndefined()
    expect(await policy.admit(alice, { operationClass: 'query', tokens: 1 })).toMatchObject({
      scope: 'user',
      limitClass: 'query',
      retryAfterSeconds: 3,
    })
    for (let i = 0; i < 10; i++)
      expect(await policy.admit(alice, { operationClass: 'mutation', tokens: 1 })).toBeUndefined()
  })

  it("does not charge the address for a request the user's own bucket refused, so colleagues there are not starved", async () => {
    const { policy, charged } = countingBuckets()
    await policy.admit(alice, { operationClass: 'query', tokens: 5 })
    for (let i = 0; i < 20; i++) await policy.admit(alice, { operationClass: 'query', tokens: 1 })
    expect(charged.filter((c) => c.startsWith('ip:'))).toEqual(['ip:query 10.1.1.1 5'])
    expect(await policy.admit(bob, { operationClass: 'query', tokens: 1 })).toBeUndefined()
  })

  it('charges anonymous requests (signing in) to their address alone', async () => {
    const { policy, charged } = countingBuckets()
    const anonymous = { userId: null, clientIp: '10.9.9.9' }
    expect(await policy.admit(anonymous, { operationClass: 'anonymous', tokens: 1 })).toBeUndefined()
    expect(await policy.admit(anonymous, { operationClass: 'anonymous', tokens: 1 })).toBeUndefined()
    expect(await policy.admit(anonymous, { operationClass: 'anonymous', tokens: 1 })).toMatchObject({
      scope: 'ip',
      limitClass: 'anonymous',
    })
    expect(
      await policy.admit({ userId: null, clientIp: '10.9.9.10' }, { operationClass: 'anonymous', tokens: 1 }),
    ).toBeUndefined()
    expect(charged).toEqual(['ip:anonymous 10.9.9.9 1', 'ip:anonymous 10.9.9.9 1', 'ip:anonymous 10.9.9.10 1'])
  })

  it('limits subscribe messages per connection', async () => {
    const { policy, charged } = countingBuckets()
    for (let i = 0; i < DEFAULT_RATE_LIMITS.connectionSubscribes.burst; i++)
      expect(await policy.admitSubscribe('c1')).toBeUndefined()
    expect(await policy.admitSubscribe('c1')).toMatchObject({ scope: 'connection', limitClass: 'subscribe' })
    expect(await policy.admitSubscribe('c2')).toBeUndefined()
    expect(charged).toHaveLength(DEFAULT_RATE_LIMITS.connectionSubscribes.burst + 1)
  })
})

describe('rateLimitedError', () => {
  it('carries RATE_LIMITED, when to retry, and says what was limited and what was not', () => {
    const error = rateLimitedError({
      scope: 'user',
      limitClass: 'query',
      spec: { perSecond: 20, burst: 100 },
      retryAfterSeconds: 2,
    })
    expect(error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 2 })
    expect(error.message).toBe(
      'Too many queries for your account: the limit is 20 a second with bursts of 100. Try again in 2 s. A large query counts as several. Changes such as diary submissions have their own limit and are not affected.',
    )
    expect(
      rateLimitedError({
        scope: 'connection',
        limitClass: 'subscribe',
        spec: { perSecond: 5, burst: 20 },
        retryAfterSeconds: 1,
      }).message,
    ).toMatch(
      /^Too many subscriptions started on this connection: .* The connection and its other subscriptions stay open\.$/,
    )
  })

  it("charges an export job's queries to its requester's export bucket alone, apart from the person's own", async () => {
    const { policy, charged } = countingBuckets()
    const job = { ...alice, exportJob: true }
    expect(await policy.admit(job, { operationClass: 'query', tokens: 11 })).toBeUndefined()
    expect(charged).toEqual(['export:query alice 11'])
    // The person's own budget is untouched by their export, and the export is not held to it.
    expect(await policy.admit(alice, { operationClass: 'query', tokens: 5 })).toBeUndefined()
    expect(await policy.admit(job, { operationClass: 'query', tokens: 400 })).toBeUndefined()
    expect(await policy.admit(job, { operationClass: 'query', tokens: 100 })).toMatchObject({
      scope: 'export',
      limitClass: 'query',
    })
    // A job's mutation (refused by every subgraph anyway) is charged like the person's.
    expect(await policy.admit(job, { operationClass: 'mutation', tokens: 1 })).toBeUndefined()
    expect(charged.at(-1)).toBe('ip:mutation 10.1.1.1 1')
  })
})
