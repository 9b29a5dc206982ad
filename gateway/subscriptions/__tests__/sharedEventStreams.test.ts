import type { ExecutionResult } from 'graphql'
import { GraphQLError } from 'graphql'
import { SharedEventStreams, type EventSink } from '../sharedEventStreams'
import type { SubscriberSocket } from '../socketSubscriber'

// Identical subscriptions share one source; each member's socket gets every event once, as a
// graphql-ws "next" message of its own subscription id; the source opens with the first member and
// stops with the last, and a stalled member is ended, not buffered without bound. A late joiner of
// a stream resumed from a cursor first gets what the stream has carried, for a bounded time and size.

/** A socket that records the text frames written to it; `backlog` plays ws's bufferedAmount. */
function fakeSocket() {
  const frames: { text: string; binary: boolean }[] = []
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send(data: Buffer, options: { binary: boolean }) {
      frames.push({ text: data.toString('utf8'), binary: options.binary })
    },
  } satisfies SubscriberSocket
  return { socket, frames, messages: () => frames.map((f) => JSON.parse(f.text) as Record<string, unknown>) }
}

function harness(backlogLimitBytes = 1000, replayLimitBytes = 1000) {
  const sources: { sink: EventSink; stopped: boolean }[] = []
  const streams = new SharedEventStreams({
    backlogLimitBytes,
    overflow: () => ({ errors: [new GraphQLError('too slow', { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } })] }),
    replayLimitBytes,
    replayWindowMs: 60_000,
  })
  const open = (sink: EventSink) => {
    const source = { sink, stopped: false }
    sources.push(source)
    return () => (source.stopped = true)
  }
  let ids = 0
  const join = (key: string, start = { resumes: false }) => {
    const client = fakeSocket()
    const subscriptionId = `sub-${++ids}`
    const member = streams.join(key, { socket: client.socket, subscriptionId }, start, open)
    return { member, subscriptionId, ...client }
  }
  return { streams, sources, join }
}

const event = (n: number): ExecutionResult => ({ data: { n } })
const next = (id: string, payload: unknown) => ({ id, type: 'next', payload })

it('opens one source for identical subscriptions and writes every event to every member, under its own id', () => {
  const { streams, sources, join } = harness()
  const members = Array.from({ length: 100 }, () => join('feed-A'))
  const other = join('feed-B')
  expect(sources).toHaveLength(2)
  expect(streams.size).toBe(2)
  expect(streams.subscribers).toBe(101)
  sources[0]!.sink.event(event(1))
  sources[0]!.sink.event(event(2))
  for (const m of members) {
    expect(m.messages()).toEqual([
      next(m.subscriptionId, { data: { n: 1 } }),
      next(m.subscriptionId, { data: { n: 2 } }),
    ])
    expect(m.frames.every((f) => !f.binary)).toBe(true) // text frames, as graphql-ws sends
  }
  expect(other.frames).toEqual([])
})

it('serialises errors as graphql-ws does (message, code, no stack) and keeps extensions', () => {
  const { sources, join } = harness()
  const m = join('k')
  sources[0]!.sink.event({
    data: { n: null },
    errors: [new GraphQLError('labs did not answer', { path: ['n'], extensions: { code: 'SERVICE_UNAVAILABLE' } })],
    extensions: { cursor: 'c1' },
  })
  expect(m.messages()).toEqual([
    next(m.subscriptionId, {
      data: { n: null },
      errors: [{ message: 'labs did not answer', path: ['n'], extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      extensions: { cursor: 'c1' },
    }),
  ])
})

it('an id that needs escaping stays one JSON string', () => {
  const { streams } = harness()
  const client = fakeSocket()
  let sink!: EventSink
  streams.join(
    'k',
    { socket: client.socket, subscriptionId: 'a"b\\c' },
    { resumes: false },
    (s) => ((sink = s), () => {}),
  )
  sink.event(event(1))
  expect(client.messages()).toEqual([next('a"b\\c', { data: { n: 1 } })])
})

it('stops the source when the last member leaves, and opens a new one for the next joiner', async () => {
  const { streams, sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  await a.member.return!()
  expect(sources[0]!.stopped).toBe(false)
  await b.member.return!()
  expect(sources[0]!.stopped).toBe(true)
  expect(streams.size).toBe(0)
  expect(streams.subscribers).toBe(0)
  join('k')
  expect(sources).toHaveLength(2)
})

it('a member that leaves gets nothing more, while the others keep receiving', async () => {
  const { sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  await a.member.return!()
  sources[0]!.sink.event(event(1))
  expect(await a.member.next()).toEqual({ value: undefined, done: true })
  expect(a.frames).toEqual([])
  expect(b.messages()).toEqual([next(b.subscriptionId, { data: { n: 1 } })])
})

it('writes nothing to a socket that is no longer open', () => {
  const { sources, join } = harness()
  const m = join('k')
  m.socket.readyState = 2 // CLOSING: graphql-ws ends the member when the close completes
  sources[0]!.sink.event(event(1))
  expect(m.frames).toEqual([])
})

it('ends every member when the source ends, with its last result, then finishes the iterator', async () => {
  const { streams, sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  const finished = a.member.next() // what graphql-ws waits on: it sends "complete" once this is done
  sources[0]!.sink.event(event(1))
  sources[0]!.sink.end({ errors: [new GraphQLError('epro went away')] })
  for (const m of [a, b])
    expect(m.messages()).toEqual([
      next(m.subscriptionId, { data: { n: 1 } }),
      next(m.subscriptionId, { errors: [{ message: 'epro went away' }] }),
    ])
  expect(await finished).toEqual({ value: undefined, done: true })
  expect((await b.member.next()).done).toBe(true)
  expect(streams.size).toBe(0)
  join('k')
  expect(sources).toHaveLength(2) // a fresh source, not the ended one
})

it('ends a stalled member with an error once its backlog passes the limit, without touching the others', async () => {
  const { streams, sources, join } = harness(1000)
  const [stalled, reading] = [join('k'), join('k')]
  stalled.socket.bufferedAmount = 1000 // at the limit: still written
  sources[0]!.sink.event(event(1))
  stalled.socket.bufferedAmount = 1001
  sources[0]!.sink.event(event(2))
  sources[0]!.sink.event(event(3))
  expect(stalled.messages()).toEqual([
    next(stalled.subscriptionId, { data: { n: 1 } }),
    next(stalled.subscriptionId, { errors: [{ message: 'too slow', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } }] }),
  ])
  expect((await stalled.member.next()).done).toBe(true)
  expect(reading.messages()).toHaveLength(3)
  expect(streams.subscribers).toBe(1)
  expect(sources[0]!.stopped).toBe(false) // the reading member still holds the source
})

describe('a late joiner', () => {
  const resumed = { resumes: true }
  const numbers = (m: { messages(): Record<string, unknown>[] }) =>
    m.messages().map((message) => (message.payload as { data: { n: number } }).data.n)

  it('of a live stream gets the events from when it joined', () => {
    const { sources, join } = harness()
    join('k')
    sources[0]!.sink.event(event(1))
    const late = join('k')
    sources[0]!.sink.event(event(2))
    expect(sources).toHaveLength(1)
    expect(numbers(late)).toEqual([2])
  })

  it('of a resumed stream first gets every event the stream carried, then the next ones, in order', () => {
    const { sources, join } = harness()
    const early = join('k', resumed)
    sources[0]!.sink.event(event(1))
    sources[0]!.sink.event(event(2))
    const late = join('k', resumed)
    sources[0]!.sink.event(event(3))
    expect(sources).toHaveLength(1)
    expect(numbers(early)).toEqual([1, 2, 3])
    expect(numbers(late)).toEqual([1, 2, 3])
    expect(late.messages().every((m) => m.id === late.subscriptionId)).toBe(true)
  })

  it('opens a stream of its own once the resumed stream carried more than the replay limit; the members stay', () => {
    const { streams, sources, join } = harness(1000, 100)
    const early = join('k', resumed)
    for (let n = 1; n <= 10; n++) sources[0]!.sink.event(event(n)) // about 40 bytes each
    const late = join('k', resumed)
    expect(sources).toHaveLength(2)
    expect(numbers(late)).toEqual([])
    sources[0]!.sink.event(event(11))
    expect(numbers(early)).toHaveLength(11)
    expect(streams.size).toBe(2)
    expect(streams.subscribers).toBe(2)
  })

  it('opens a stream of its own once the replay window has passed', () => {
    jest.useFakeTimers()
    try {
      const { sources, join } = harness()
      join('k', resumed)
      sources[0]!.sink.event(event(1))
      jest.advanceTimersByTime(60_000)
      const late = join('k', resumed)
      expect(sources).toHaveLength(2)
      expect(numbers(late)).toEqual([])
    } finally {
      jest.useRealTimers()
    }
  })

  it('whose socket cannot take the replay is ended, and the stream goes on for the others', async () => {
    const { streams, sources, join } = harness(1000, 10_000)
    const early = join('k', resumed)
    sources[0]!.sink.event(event(1))
    const client = fakeSocket()
    client.socket.bufferedAmount = 1001
    const late = streams.join('k', { socket: client.socket, subscriptionId: 'late' }, resumed, () => () => {})
    expect((await late.next()).done).toBe(true)
    expect(client.messages()).toEqual([
      next('late', { errors: [{ message: 'too slow', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } }] }),
    ])
    expect(streams.subscribers).toBe(1)
    sources[0]!.sink.event(event(2))
    expect(numbers(early)).toEqual([1, 2])
  })

  it('of a stream whose last member left opens a new one, with nothing replayed', async () => {
    const { streams, sources, join } = harness()
    const only = join('k', resumed)
    sources[0]!.sink.event(event(1))
    await only.member.return!()
    expect(sources[0]!.stopped).toBe(true)
    expect(streams.size).toBe(0)
    const next = join('k', resumed)
    expect(sources).toHaveLength(2)
    expect(numbers(next)).toEqual([])
  })
})
