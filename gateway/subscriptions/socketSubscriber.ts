import type { ExecutionResult } from 'graphql'
import { messagePrefix, nextFrame, serialisedNext } from './nextFrames'

/** The part of a ws WebSocket a subscriber writes to (a fake in unit tests). */
export interface SubscriberSocket {
  readonly readyState: number
  readonly OPEN: number
  /** Bytes written but not yet handed to the kernel. */
  readonly bufferedAmount: number
  send(data: Buffer, options: { binary: false }): void
}

/** Where one client subscription's events go: its socket and the id graphql-ws knows it by. */
export interface SubscriberEndpoint {
  socket: SubscriberSocket
  subscriptionId: string
}

/**
 * One client's end of a shared event stream. Events are written straight to the client's socket
 * as graphql-ws "next" messages, from bytes serialised once per event for every subscriber (see
 * nextFrames.ts): no per-frame promise, iterator step or JSON.stringify, which at a thousand
 * subscribers per alert were most of the gateway's work besides the socket writes themselves.
 *
 * To graphql-ws it is an async iterator that yields nothing and finishes when the stream ends, so
 * graphql-ws still sends "complete" (after the last event, on the same socket, in order) and still
 * ends it (`return`) when the client unsubscribes or disconnects.
 *
 * Bounded: a client that stops reading while events keep coming is ended with an error once more
 * than `backlogLimitBytes` wait in the gateway for its socket (what the kernel would not take),
 * instead of growing the gateway's memory; it resumes from its last cursor when it reconnects.
 */
export interface SocketSubscriber extends AsyncIterableIterator<ExecutionResult> {
  /** An event, serialised with serialisedNext. */
  push(serialised: Buffer): void
  /** Ends the stream, after an optional last result. */
  end(last?: ExecutionResult): void
}

export function socketSubscriber(
  endpoint: SubscriberEndpoint,
  options: {
    backlogLimitBytes: number
    overflow: () => ExecutionResult
    onClose: () => void
  },
): SocketSubscriber {
  const { socket } = endpoint
  const prefix = messagePrefix(endpoint.subscriptionId)
  let ended = false
  let finished: ((result: IteratorResult<ExecutionResult>) => void) | undefined
  const done = new Promise<IteratorResult<ExecutionResult>>((resolve) => (finished = resolve))

  const write = (serialised: Buffer) => {
    if (socket.readyState === socket.OPEN) socket.send(nextFrame(prefix, serialised), { binary: false })
  }
  const finish = () => {
    if (ended) return
    ended = true
    options.onClose()
    finished?.({ value: undefined, done: true })
  }

  const subscriber: SocketSubscriber = {
    push(serialised) {
      if (ended) return
      if (socket.bufferedAmount > options.backlogLimitBytes) {
        write(serialisedNext(options.overflow()))
        finish()
        return
      }
      write(serialised)
    },
    end(last) {
      if (ended) return
      if (last) write(serialisedNext(last))
      finish()
    },
    next: () => done,
    async return() {
      finish()
      return { value: undefined, done: true }
    },
    async throw(error) {
      finish()
      throw error
    },
    [Symbol.asyncIterator]() {
      return subscriber
    },
  }
  return subscriber
}
