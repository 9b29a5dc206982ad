import type { ExecutionResult } from 'graphql'
import { SharedEventStreams, type EventSink } from '../sharedEventStreams'

// Identical subscriptions share one source; each member gets every event once, the source opens
// with the first member and stops with the last, and a stalled member is ended, not buffered
// without bound.

function harness(queueLimit = 10) {
  const sources: { sink: EventSink; stopped: boolean }[] = []
  const streams = new SharedEventStreams({
    queueLimit,
    overflow: () => ({ errors: [{ message: 'too slow' } as never] }),
  })
  const open = (sink: EventSink) => {
    const source = { sink, stopped: false }
    sources.push(source)
    return () => (source.stopped = true)
  }
  return { streams, sources, join: (key: string) => streams.join(key, open) }
}

const event = (n: number): ExecutionResult => ({ data: { n } })

it('opens one source for identical subscriptions and gives every member every event', async () => {
  const { streams, sources, join } = harness()
  const members = Array.from({ length: 100 }, () => join('feed-A'))
  join('feed-B')
  expect(sources).toHaveLength(2)
  expect(streams.size).toBe(2)
  expect(streams.subscribers).toBe(101)
  sources[0]!.sink.event(event(1))
  sources[0]!.sink.event(event(2))
  for (const m of members) {
    expect((await m.next()).value).toEqual(event(1))
    expect((await m.next()).value).toEqual(event(2))
  }
})

it('hands the same frozen result to every member (computed once, never mutated by one of them)', async () => {
  const { sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  sources[0]!.sink.event(event(1))
  const [ra, rb] = [(await a.next()).value, (await b.next()).value]
  expect(ra).toBe(rb)
  expect(Object.isFrozen(ra)).toBe(true)
})

it('stops the source when the last member leaves, and opens a new one for the next joiner', async () => {
  const { streams, sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  await a.return!()
  expect(sources[0]!.stopped).toBe(false)
  await b.return!()
  expect(sources[0]!.stopped).toBe(true)
  expect(streams.size).toBe(0)
  expect(streams.subscribers).toBe(0)
  join('k')
  expect(sources).toHaveLength(2)
})

it('a member that leaves gets nothing more, while the others keep receiving', async () => {
  const { sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  await a.return!()
  sources[0]!.sink.event(event(1))
  expect(await a.next()).toEqual({ value: undefined, done: true })
  expect((await b.next()).value).toEqual(event(1))
})

it('ends every member when the source ends, after what they had queued, with its last result', async () => {
  const { streams, sources, join } = harness()
  const [a, b] = [join('k'), join('k')]
  sources[0]!.sink.event(event(1))
  sources[0]!.sink.end({ errors: [{ message: 'epro went away' } as never] })
  for (const m of [a, b]) {
    expect((await m.next()).value).toEqual(event(1))
    expect((await m.next()).value).toEqual({ errors: [{ message: 'epro went away' }] })
    expect((await m.next()).done).toBe(true)
  }
  expect(streams.size).toBe(0)
  join('k')
  expect(sources).toHaveLength(2) // a fresh source, not the ended one
})

it('ends a stalled member with an error once its queue is full, without touching the others', async () => {
  const { sources, join } = harness(3)
  const [stalled, reading] = [join('k'), join('k')]
  const received: unknown[] = []
  for (let n = 1; n <= 5; n++) {
    sources[0]!.sink.event(event(n))
    received.push((await reading.next()).value)
  }
  expect(received).toHaveLength(5)
  expect((await stalled.next()).value).toEqual({ errors: [{ message: 'too slow' }] })
  expect((await stalled.next()).done).toBe(true)
  expect(sources[0]!.stopped).toBe(false) // the reading member still holds the source
})

it('a waiting member is woken by the next event', async () => {
  const { sources, join } = harness()
  const member = join('k')
  const pending = member.next()
  sources[0]!.sink.event(event(7))
  expect((await pending).value).toEqual(event(7))
})
