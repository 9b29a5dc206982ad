import type { ExecutionResult } from 'graphql'

/**
 * One client's end of a shared event stream: an async iterator graphql-ws pulls from, fed by the
 * shared stream. Bounded: a client that stops reading (a stalled socket) while events keep coming
 * is ended with an error once `limit` events wait for it, instead of growing the gateway's memory;
 * it resumes from its last cursor when it reconnects.
 */
export interface SubscriberQueue extends AsyncIterableIterator<ExecutionResult> {
  push(result: ExecutionResult): void
  /** Ends the stream after what is queued (an optional last result first). */
  end(last?: ExecutionResult): void
}

export function subscriberQueue(options: {
  limit: number
  overflow: () => ExecutionResult
  onClose: () => void
}): SubscriberQueue {
  const queue: ExecutionResult[] = []
  let waiting: ((result: IteratorResult<ExecutionResult>) => void) | undefined
  let ended = false
  let closed = false

  const close = () => {
    if (closed) return
    closed = true
    options.onClose()
  }
  const deliver = (result: ExecutionResult) => {
    if (waiting) {
      const resolve = waiting
      waiting = undefined
      resolve({ value: result, done: false })
    } else queue.push(result)
  }
  const stop = (): IteratorResult<ExecutionResult> => {
    ended = true
    queue.length = 0
    close()
    waiting?.({ value: undefined, done: true })
    waiting = undefined
    return { value: undefined, done: true }
  }

  const iterator: SubscriberQueue = {
    push(result) {
      if (ended) return
      if (queue.length >= options.limit) {
        queue.length = 0
        deliver(options.overflow())
        ended = true
        close()
        return
      }
      deliver(result)
    },
    end(last) {
      if (ended) return
      if (last) deliver(last)
      ended = true
      close()
      if (queue.length === 0) waiting?.({ value: undefined, done: true })
    },
    async next() {
      const next = queue.shift()
      if (next) return { value: next, done: false }
      if (ended) return { value: undefined, done: true }
      return new Promise((resolve) => (waiting = resolve))
    },
    async return() {
      return stop()
    },
    async throw(error) {
      stop()
      throw error
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  }
  return iterator
}
