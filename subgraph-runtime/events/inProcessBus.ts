import type { BusMessage, EventBus, MessageHandler } from './eventBus'

/**
 * EventBus inside one process, for the embedded `npm start` with no broker. Same contract as
 * Kafka: per group, messages of one key are handled one at a time in publish order; a handler
 * that throws gets the message again (after a short pause) before later messages of that key.
 * Nothing survives a restart here — the outbox does: unpublished rows are relayed again.
 */
export function createInProcessBus(options: { retryDelayMs?: number } = {}): EventBus {
  const groups = new Map<
    string,
    { topic: string; handler: MessageHandler; queues: Map<string, Promise<void>>; stopped: boolean }
  >()
  const retryDelayMs = options.retryDelayMs ?? 500

  const deliver = async (group: { handler: MessageHandler; stopped: boolean }, message: BusMessage) => {
    while (!group.stopped) {
      try {
        await group.handler(message)
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs))
      }
    }
  }

  return {
    kind: 'in-process',
    async ensureTopics() {},
    async publish(messages) {
      for (const message of messages) {
        for (const group of groups.values()) {
          if (group.topic !== message.topic || group.stopped) continue
          const previous = group.queues.get(message.key) ?? Promise.resolve()
          const next = previous.then(() => deliver(group, message))
          group.queues.set(message.key, next)
          void next.finally(() => {
            if (group.queues.get(message.key) === next) group.queues.delete(message.key)
          })
        }
      }
    },
    async subscribe(topic, groupId, handler) {
      const group = { topic, handler, queues: new Map<string, Promise<void>>(), stopped: false }
      groups.set(`${topic}|${groupId}`, group)
      return {
        async stop() {
          group.stopped = true
          groups.delete(`${topic}|${groupId}`)
          await Promise.all(group.queues.values())
        },
      }
    },
    async close() {
      for (const group of groups.values()) group.stopped = true
      groups.clear()
    },
  }
}
