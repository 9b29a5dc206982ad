import crypto from 'node:crypto'
import type { EproPrisma } from '../../data/prismaClient'

// Test events written straight into epro's outbox, on topics of their own, for the feed's tests.

type Writer = Pick<EproPrisma, '$executeRaw'>

/** Writes one unpublished outbox row `{ n }` and returns its id. */
export const write = async (db: Writer, topic: string, eventKey: string, n: number): Promise<string> => {
  const id = crypto.randomUUID()
  await db.$executeRaw`
    INSERT INTO outbox_event (id, topic, key, event_type, payload)
    VALUES (${id}::uuid, ${topic}, ${eventKey}, 'TestEvent', ${JSON.stringify({ n })}::jsonb)`
  return id
}

/** A topic no other test writes to. */
export const topicName = () => `test.feed-${crypto.randomBytes(3).toString('hex')}.v1`
