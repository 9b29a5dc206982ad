import { LiveSessions, FORBIDDEN_CLOSE } from '../liveSessions'
import { createLogger } from '../../../platform/logging/logger'

// What the gateway does with live connections when sessions end or tokens expire, with the users
// subgraph's answers given by the test (e2e/liveConnectionAuth.solo.test.ts runs it against the real one).
const logger = createLogger('test', { LOG_LEVEL: 'silent' })
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

function connection(sessionId: string, tokenExpiresAt = inAnHour()) {
  const closes: [number, string][] = []
  return {
    sessionId,
    userId: `user-of-${sessionId}`,
    grantsVersion: 1,
    tokenExpiresAt,
    close: (code: number, reason: string) => void closes.push([code, reason]),
    closes,
  }
}

it('asks about every session with live connections, 1,000 at a time, and closes those that ended', async () => {
  const asked: string[][] = []
  const live = new LiveSessions({
    checkSessions: async (ids) => (asked.push(ids), ids.filter((id) => id.endsWith('-ended'))),
    checkIntervalMs: 60_000,
    logger,
  })
  const connections = Array.from({ length: 2500 }, (_, i) => connection(`s${i}${i % 1000 === 7 ? '-ended' : ''}`))
  const untrack = connections.map((c) => live.add(c))
  await live.checkNow()
  expect(asked.map((ids) => ids.length)).toEqual([1000, 1000, 500])
  const closed = connections.filter((c) => c.closes.length > 0)
  expect(closed.map((c) => c.sessionId)).toEqual(['s7-ended', 's1007-ended', 's2007-ended'])
  expect(closed[0]!.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden: the session ended']])
  // An ended session opens nothing new, even with a token that has not expired.
  expect(live.allows('s7-ended', inAnHour())).toBe(false)
  expect(live.allows('s8', inAnHour())).toBe(true)
  untrack.forEach((u) => u())
  asked.length = 0
  await live.checkNow() // nothing live: nothing to ask
  expect(asked).toEqual([])
  live.stop()
})

it('keeps connections when the users subgraph cannot answer, and asks again next round', async () => {
  let answer: () => Promise<string[]> = () => Promise.reject(new Error('users is down'))
  const live = new LiveSessions({ checkSessions: () => answer(), checkIntervalMs: 60_000, logger })
  const c = connection('s1')
  live.add(c)
  await live.checkNow()
  expect(c.closes).toEqual([])
  answer = async () => ['s1']
  await live.checkNow()
  expect(c.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden: the session ended']])
  live.stop()
})

it('closes a connection when its token expires (clock tolerance included), not before', () => {
  jest.useFakeTimers()
  try {
    const live = new LiveSessions({ checkSessions: async () => [], checkIntervalMs: 60_000, logger })
    const expiresAt = Math.floor(Date.now() / 1000) + 10
    const c = connection('s1', expiresAt)
    live.add(c)
    expect(live.allows('s1', expiresAt)).toBe(true)
    jest.advanceTimersByTime(14_000)
    expect(c.closes).toEqual([])
    jest.advanceTimersByTime(2_000)
    expect(c.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden: the access token expired']])
    expect(live.allows('s1', expiresAt)).toBe(false)
    live.stop()
  } finally {
    jest.useRealTimers()
  }
})

it('stops tracking a connection it closes, even one whose socket never reports its close', async () => {
  // A socket closed while its handshake was still authenticated gets its close event before it is
  // tracked: nothing would ever untrack it, and its session would be asked about forever.
  const asked: string[][] = []
  const live = new LiveSessions({
    checkSessions: async (ids) => (asked.push(ids), ids.filter((id) => id === 's1')),
    checkIntervalMs: 60_000,
    logger,
  })
  const c = connection('s1')
  live.add(c) // never untracked by its owner
  await live.checkNow()
  expect(c.closes).toHaveLength(1)
  asked.length = 0
  await live.checkNow()
  expect(asked).toEqual([])
  live.stop()
})

it('closes the connections of a user whose roles changed: at once when learned, or on the round that asks', async () => {
  let staleFor = ''
  const live = new LiveSessions({
    checkSessions: async () => [],
    staleGrants: async (userId) => userId === staleFor,
    checkIntervalMs: 60_000,
    logger,
  })
  const [a, b, c] = [connection('s1'), connection('s2'), connection('s3')]
  ;[a, b, c].forEach((x) => live.add(x))
  live.grantsChanged('user-of-s1', 2)
  live.grantsChanged('user-of-s2', 1) // not newer than its token
  expect(a.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden: your roles changed']])
  expect(b.closes).toEqual([])
  staleFor = 'user-of-s3'
  await live.checkNow()
  expect(b.closes).toEqual([])
  expect(c.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden: your roles changed']])
  live.stop()
})
