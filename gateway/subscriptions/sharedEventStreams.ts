import type { ExecutionResult } from 'graphql'
import { socketSubscriber, type SocketSubscriber, type SubscriberEndpoint } from './socketSubscriber'
import { serialisedNext } from './nextFrames'

/** What a shared stream needs from its source: events and an end, and a way to stop it. */
export interface EventSink {
  event(result: ExecutionResult): void
  end(last?: ExecutionResult): void
}
export type OpenEventSource = (sink: EventSink) => () => void

/** How a stream opens: live from now on, or resuming from a position in its feed. */
export interface StreamStart {
  /**
   * The subscription passes a resume position (a cursor as `after`): its events are everything
   * after that position, the same list for every subscriber that passes it. A member who joins the
   * shared stream late is owed what the stream has carried already, so such a stream keeps it.
   */
  resumes: boolean
}

interface Stream {
  members: Set<SocketSubscriber>
  stop: () => void
  /** A resumed stream's events so far, for late joiners; dropped when the stream closes to joiners. */
  carried?: { frames: Buffer[]; bytes: number; expires: NodeJS.Timeout }
}

/**
 * Identical subscriptions share one stream: a thousand CRCs of a site watching the same alert
 * feed cost one upstream subscription and one per-event execution across the subgraphs, not a
 * thousand. Each event's result is computed and serialised once, and every member writes those
 * bytes to its client's socket (socketSubscriber.ts). The key must capture everything the result depends
 * on: the operation, its variables, and (with authorisation) who may see what.
 * The source opens with the first member and stops when the last one leaves.
 *
 * A late joiner of a live stream gets the events from when it joined, as it would from a stream of
 * its own. A late joiner of a resumed stream (after a gateway restart, every CRC of a site comes
 * back with the same last cursor, a few seconds apart) first gets every event the stream has
 * carried: a stream of its own would have read the same alerts from the feed as backlog. The
 * stream keeps them for `replayWindowMs` and up to `replayLimitBytes`; after that it takes no new
 * members (its current ones stay), and the next such subscriber opens a stream of its own.
 */
export class SharedEventStreams {
  /** Streams that new identical subscriptions join, by key. */
  private readonly joinable = new Map<string, Stream>()
  /** Every stream open upstream, joinable or not. */
  private readonly open = new Set<Stream>()

  constructor(
    private readonly options: {
      backlogLimitBytes: number
      overflow: () => ExecutionResult
      onEvent?: (members: number) => void
      replayLimitBytes: number
      replayWindowMs: number
    },
  ) {}

  join(key: string, endpoint: SubscriberEndpoint, start: StreamStart, openSource: OpenEventSource): SocketSubscriber {
    const existing = this.joinable.get(key)
    const shared: Stream = existing ?? { members: new Set(), stop: () => {} }
    const member = socketSubscriber(endpoint, {
      backlogLimitBytes: this.options.backlogLimitBytes,
      overflow: this.options.overflow,
      onClose: () => {
        shared.members.delete(member)
        if (shared.members.size === 0 && this.open.delete(shared)) {
          this.closeToJoiners(key, shared)
          shared.stop()
        }
      },
    })
    shared.members.add(member)
    // Added and replayed in one turn of the event loop: no event falls between the two. (Added
    // first: a replay too large for the client's socket ends the member, which removes it again.)
    for (const frame of shared.carried?.frames ?? []) member.push(frame)
    if (existing) return member
    this.joinable.set(key, shared)
    this.open.add(shared)
    if (start.resumes)
      shared.carried = {
        frames: [],
        bytes: 0,
        expires: setTimeout(() => this.closeToJoiners(key, shared), this.options.replayWindowMs).unref(),
      }
    shared.stop = openSource({
      event: (result) => {
        const serialised = serialisedNext(result)
        this.options.onEvent?.(shared.members.size)
        for (const m of [...shared.members]) m.push(serialised)
        const carried = shared.carried
        if (carried) {
          carried.frames.push(serialised)
          carried.bytes += serialised.length
          if (carried.bytes > this.options.replayLimitBytes) this.closeToJoiners(key, shared)
        }
      },
      end: (last) => {
        // The source is gone: later joiners open a new one.
        this.open.delete(shared)
        this.closeToJoiners(key, shared)
        for (const m of [...shared.members]) m.end(last)
      },
    })
    return member
  }

  private closeToJoiners(key: string, stream: Stream): void {
    if (this.joinable.get(key) === stream) this.joinable.delete(key)
    if (stream.carried) clearTimeout(stream.carried.expires)
    stream.carried = undefined
  }

  /** Client subscriptions being served. */
  get subscribers(): number {
    let total = 0
    for (const stream of this.open) total += stream.members.size
    return total
  }

  /** Streams open upstream now. */
  get size(): number {
    return this.open.size
  }
}
