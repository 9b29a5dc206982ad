import { AlertFeed } from '../../events/alertFeed'
import { liveAlertStream } from '../liveAlertStream'
import type { AdverseEventAlert } from '../../generated/prisma/client'

// The resume logic of the alert subscription: backlog, then live, no duplicate, no gap, even when
// alerts are announced while the backlog is being read.
const SITE = 'site-a'
const alert = (sequence: number, siteId = SITE) =>
  ({ id: `alert-${sequence}`, sequence: BigInt(sequence), siteId }) as unknown as AdverseEventAlert

async function take(stream: AsyncIterableIterator<AdverseEventAlert>, n: number): Promise<number[]> {
  const got: number[] = []
  for (let i = 0; i < n; i++) got.push(Number((await stream.next()).value!.sequence))
  return got
}

it('sends the backlog, then live alerts, dropping what arrives twice during the switch-over', async () => {
  const feed = new AlertFeed()
  let release!: () => void
  const stream = liveAlertStream(feed, [SITE], async () => {
    // While the backlog is read, alerts 3 and 4 are stored and announced; 3 is also in the backlog.
    feed.announce(alert(3))
    feed.announce(alert(4))
    await new Promise<void>((resolve) => (release = resolve))
    return { backlog: [alert(2), alert(3)], after: 1n }
  })
  setTimeout(() => release(), 10)
  const first = take(stream, 3)
  expect(await first).toEqual([2, 3, 4])
  feed.announce(alert(4)) // a duplicate announcement
  feed.announce(alert(5, 'site-b')) // another site
  feed.announce(alert(6))
  expect(await take(stream, 1)).toEqual([6])
  await stream.return!()
  expect(feed.listenerCount()).toBe(0)
})

it('without a cursor starts at the end of the feed', async () => {
  const feed = new AlertFeed()
  const stream = liveAlertStream(feed, [SITE], async () => ({ backlog: [], after: 10n }))
  const next = stream.next()
  feed.announce(alert(9)) // older than the start position: not live
  feed.announce(alert(11))
  expect(Number((await next).value!.sequence)).toBe(11)
  await stream.return!()
})

it('return() ends a pending next() at once', async () => {
  const feed = new AlertFeed()
  const stream = liveAlertStream(feed, [SITE], async () => ({ backlog: [], after: 0n }))
  const pending = stream.next()
  await new Promise((resolve) => setTimeout(resolve, 5))
  await stream.return!()
  expect(await pending).toEqual({ value: undefined, done: true })
})
