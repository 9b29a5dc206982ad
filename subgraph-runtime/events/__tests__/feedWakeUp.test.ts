import { createFeedWakeUp } from '../feedWakeUp'

// A held feed request notes the version before it reads the outbox and waits past it: a relay
// commit that lands between the read and the wait must not be lost (the request would sleep its
// whole hold with an event waiting).
describe('createFeedWakeUp', () => {
  const never = new AbortController().signal

  it('returns at once when the relay committed after the version was noted', async () => {
    const published = createFeedWakeUp()
    const seen = published.version
    published.wake()
    let returned = false
    const waiting = published.waitPast(seen, 60_000, never).then(() => (returned = true))
    await Promise.resolve()
    expect(returned).toBe(true)
    await waiting
  })

  it('holds until woken, then releases every waiter', async () => {
    const published = createFeedWakeUp()
    const released: number[] = []
    const waits = [1, 2].map((n) => published.waitPast(published.version, 60_000, never).then(() => released.push(n)))
    await new Promise((resolve) => setImmediate(resolve))
    expect(released).toEqual([])
    published.wake()
    await Promise.all(waits)
    expect(released.sort()).toEqual([1, 2])
  })

  it('ends the wait when the signal aborts (the caller left, the server drains) or the time is up', async () => {
    const published = createFeedWakeUp()
    const draining = new AbortController()
    const aborted = published.waitPast(published.version, 60_000, draining.signal)
    draining.abort()
    await aborted
    await published.waitPast(published.version, 1, never)
    expect(published.version).toBe(0)
  })
})
