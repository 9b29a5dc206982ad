import crypto from 'node:crypto'
import { openDatabase, type OpenedDatabase } from '../../../../subgraph-runtime/database/openDatabase'
import { createLogger } from '../../../../platform/logging/logger'
import { dropSchemas, testDatabaseTarget, uniqueSchemaName, withAdminClient } from '../../../../test/support/postgres'
import { eventually } from '../../../../test/support/eventually'
import { eproSubgraph } from '../../subgraph'
import type { EproPrisma } from '../../data/prismaClient'
import type { AlertDetectedPayload } from '../../data/alertEventPayload'
import { AlertFeed } from '../alertFeed'
import { storeAlertOnce } from '../alertStore'
import { startAlertTailer, type AlertTailer } from '../alertTailer'
import { listenForStoredAlerts } from '../alertNotifications'

// Several epro instances share one database and one consumer group, so each alert is stored by
// whichever instance owns its partition; every instance must still announce every alert to its
// own subscribers, once, in feed order. Two "instances" here: two connection pools, two feeds.
jest.setTimeout(60_000)

const schema = uniqueSchemaName('epro_fanout')
const target = testDatabaseTarget('epro', schema, 4)
const logger = createLogger('epro', { LOG_LEVEL: 'silent' })
const SITE = '5e000000-0000-4000-8000-000000000001'

interface Instance {
  db: OpenedDatabase
  prisma: EproPrisma
  feed: AlertFeed
  tailer: AlertTailer
  heard: bigint[]
  /** Its LISTEN is in place: what another instance stores from now on reaches it. */
  listening(): boolean
  stop(): Promise<void>
}
const instances: Instance[] = []

async function startInstance(): Promise<Instance> {
  const db = await openDatabase(target, eproSubgraph.migrationsDir, { production: false })
  const prisma = eproSubgraph.createPrisma(db.adapter)
  const feed = new AlertFeed()
  const tailer = startAlertTailer(prisma, feed, logger, { pollMs: 60_000 }) // notifications only
  const notifications = listenForStoredAlerts(target, () => void tailer.wake(), logger)
  const heard: bigint[] = []
  feed.listen((alert) => heard.push(alert.sequence))
  await tailer.ready
  const instance = {
    db,
    prisma,
    feed,
    tailer,
    heard,
    listening: () => notifications.listening(),
    stop: async () => (tailer.stop(), await notifications.stop(), await prisma.$disconnect(), await db.close()),
  }
  instances.push(instance)
  return instance
}

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()))
  await dropSchemas([schema])
})

const message = (summary = 'Pain 9/10', alertId = crypto.randomUUID()) => {
  const payload: AlertDetectedPayload = {
    alertId,
    patientId: crypto.randomUUID(),
    siteId: SITE,
    studyId: crypto.randomUUID(),
    submissionId: crypto.randomUUID(),
    rule: 'PAIN_SEVERE',
    severity: 'SEVERE',
    ctcaeTerm: null,
    ctcaeGrade: null,
    observed: 9,
    threshold: 8,
    summary,
    detectedAt: new Date().toISOString(),
  }
  return {
    id: alertId,
    topic: 'epro.ae-alerts.v1',
    key: payload.patientId,
    type: 'AdverseEventAlertDetected',
    payload,
    occurredAt: payload.detectedAt,
  }
}

// Ends a hung wait; the assertions after it say what was heard.
const until = async (done: () => boolean, timeoutMs = 30_000) => {
  for (const end = Date.now() + timeoutMs; !done() && Date.now() < end;)
    await new Promise((resolve) => setTimeout(resolve, 20))
}
const listeningAll = (...all: Instance[]) => eventually(() => all.every((i) => i.listening()), Boolean, 30_000, 20)

it('announces every alert on every instance exactly once and in sequence order, whichever instance stored it', async () => {
  const [a, b] = [await startInstance(), await startInstance()]
  expect(await listeningAll(a, b)).toBe(true)
  // Two consumers storing at once, as two instances owning different partitions do.
  const messages = Array.from({ length: 40 }, () => message())
  const stored = await Promise.all(messages.map((m, i) => storeAlertOnce((i % 2 ? a : b).prisma, m)))
  expect(stored.every(Boolean)).toBe(true)
  await until(() => a.heard.length >= 40 && b.heard.length >= 40)
  const sequences = (await a.prisma.adverseEventAlert.findMany({ orderBy: { sequence: 'asc' } })).map((r) => r.sequence)
  expect(sequences).toHaveLength(40)
  expect(a.heard).toEqual(sequences) // all, once each, in order: nobody's subscriber misses one
  expect(b.heard).toEqual(sequences)
})

it('a store slow to commit does not let a later alert overtake it (no alert skipped by the tailers)', async () => {
  const [a, b] = instances
  // The database slows one insert after its sequence number was drawn, as a busy instance would.
  await withAdminClient((c) =>
    c.query(`CREATE FUNCTION "${schema}".slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.summary = 'slow' THEN PERFORM pg_sleep(0.5); END IF; RETURN NEW; END $$;
             CREATE TRIGGER slow_insert BEFORE INSERT ON "${schema}".adverse_event_alert FOR EACH ROW EXECUTE FUNCTION "${schema}".slow_insert()`),
  )
  const slow = storeAlertOnce(a!.prisma, message('slow'))
  await new Promise((resolve) => setTimeout(resolve, 150))
  await storeAlertOnce(b!.prisma, message('fast'))
  await slow
  await until(() => a!.heard.length >= 42 && b!.heard.length >= 42)
  const sequences = (await a!.prisma.adverseEventAlert.findMany({ orderBy: { sequence: 'asc' } })).map(
    (r) => r.sequence,
  )
  expect(a!.heard).toEqual(sequences)
  expect(b!.heard).toEqual(sequences)
  await withAdminClient((c) => c.query(`DROP TRIGGER slow_insert ON "${schema}".adverse_event_alert`))
})

it('stores and announces nothing for a redelivered event', async () => {
  const [a, b] = instances
  const m = message()
  expect(await storeAlertOnce(a!.prisma, m)).toBe(true)
  expect(await storeAlertOnce(b!.prisma, m)).toBe(false)
  await until(() => a!.heard.length >= 43 && b!.heard.length >= 43)
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(a!.heard).toHaveLength(43)
  expect(b!.heard).toHaveLength(43)
})

it('an instance started later announces only what is stored after it started', async () => {
  const late = await startInstance()
  expect(await listeningAll(late)).toBe(true)
  await storeAlertOnce(instances[0]!.prisma, message())
  await until(() => late.heard.length >= 1)
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(late.heard).toHaveLength(1)
  expect(late.heard[0]).toBe(
    (await late.prisma.adverseEventAlert.aggregate({ _max: { sequence: true } }))._max.sequence,
  )
})
