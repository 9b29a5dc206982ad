import { createTokenBucket } from '../tokenBucket'

// Against the real library. Only what holds however slowly the test runs: the burst allowance
// below is renewed after 30 s, far longer than the test takes.
describe('createTokenBucket', () => {
  it('charges an operation larger than any allowance the whole burst instead of refusing it forever', async () => {
    const bucket = createTokenBucket('test-large', { perSecond: 1, burst: 30 })
    expect(await bucket.take('k', 1000)).toBeUndefined()
  })

  it("tells an operation larger than a second's tokens to wait for the burst allowance, not for the next second", async () => {
    const bucket = createTokenBucket('test-wait', { perSecond: 1, burst: 30 })
    expect(await bucket.take('k', 30)).toBeUndefined()
    const refusal = await bucket.take('k', 30)
    expect(refusal?.retryAfterSeconds).toBeGreaterThan(20)
    expect(refusal?.retryAfterSeconds).toBeLessThanOrEqual(30)
  })

  it('keeps callers apart', async () => {
    const bucket = createTokenBucket('test-keys', { perSecond: 1, burst: 30 })
    expect(await bucket.take('a', 31)).toBeUndefined()
    expect(await bucket.take('b', 30)).toBeUndefined()
  })
})
