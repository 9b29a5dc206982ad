import type { ExecutionResult } from 'graphql'
import { socketSubscriber, type SocketSubscriber, type SubscriberEndpoint } from './socketSubscriber'
import { serialisedNext } from './nextFrames'

/** What a shared stream needs from its source: events and an end, and a way to stop it. */
export interface EventSink {
  event(result: ExecutionResult): void
  end(last?: ExecutionResult): void
}
export type OpenEventSource = (sink: EventSink) => () => void

/**
 * Identical subscriptions share one stream: a thousand CRCs of a site watching the same alert
 * feed cost one upstream subscription and one per-event execution across the subgraphs, not a
 * thousand. Each event's result is computed and serialised once, and every member writes those
 * bytes to its client's socket (socketSubscriber.ts). The key must capture everything the result depends
 * on: the operation, its variables, and (with authorisation) who may see what.
 * The source opens with the first member and stops when the last one leaves.
 */
export class SharedEventStreams {
  private readonly streams = new Map<string, { members: Set<SocketSubscriber>; stop: () => void }>()

  constructor(
    private readonly options: {
      backlogLimitBytes: number
      overflow: () => ExecutionResult
      onEvent?: (members: number) => void
    },
  ) {}

  join(key: string, endpoint: SubscriberEndpoint, open: OpenEventSource): SocketSubscriber {
    let stream = this.streams.get(key)
    const created = !stream
    if (!stream) {
      stream = { members: new Set(), stop: () => {} }
      this.streams.set(key, stream)
    }
    const shared = stream
    const member = socketSubscriber(endpoint, {
      backlogLimitBytes: this.options.backlogLimitBytes,
      overflow: this.options.overflow,
      onClose: () => {
        shared.members.delete(member)
        if (shared.members.size === 0 && this.streams.get(key) === shared) {
          this.streams.delete(key)
          shared.stop()
        }
      },
    })
    shared.members.add(member)
    if (created) {
      shared.stop = open({
        event: (result) => {
          const serialised = serialisedNext(result)
          this.options.onEvent?.(shared.members.size)
          for (const m of [...shared.members]) m.push(serialised)
        },
        end: (last) => {
          // The source is gone: later joiners open a new one.
          if (this.streams.get(key) === shared) this.streams.delete(key)
          for (const m of [...shared.members]) m.end(last)
        },
      })
    }
    return member
  }

  /** Client subscriptions being served. */
  get subscribers(): number {
    let total = 0
    for (const stream of this.streams.values()) total += stream.members.size
    return total
  }

  /** Streams open upstream now. */
  get size(): number {
    return this.streams.size
  }
}
