import crypto from 'node:crypto'
import pg from 'pg'
import { openDatabase, type OpenedDatabase } from '../../../../subgraph-runtime/database/openDatabase'
import { pgConnectionConfig } from '../../../../subgraph-runtime/database/target'
import { toAuditJson } from '../../../../subgraph-runtime/audit/auditJson'
import { dropSchemas, testDatabaseTarget, uniqueSchemaName } from '../../../../test/support/postgres'
import { eproSubgraph } from '../../subgraph'
import type { EproPrisma } from '../../data/prismaClient'
import type { AlertDetectedPayload } from '../../data/alertEventPayload'
import { alertStoredChannel, storeAlertOnce } from '../alertStore'

// The alert store writes its alert, audit row and notification in one hand-written statement: the
// rows must be exactly what Prisma reads back, the audit row's new value exactly what the audit
// trail's createdRow makes of that read, and a redelivery must write and announce nothing.
jest.setTimeout(60_000)

const schema = uniqueSchemaName('epro_alert_store')
const target = testDatabaseTarget('epro', schema, 2)
if (target.kind !== 'postgres') throw new Error('this suite runs on Postgres')
let db: OpenedDatabase
let prisma: EproPrisma
let listener: pg.Client
const heard: string[] = []

beforeAll(async () => {
  db = await openDatabase(target, eproSubgraph.migrationsDir, { production: false })
  prisma = eproSubgraph.createPrisma(db.adapter)
  listener = new pg.Client(pgConnectionConfig(target, 'alert-store-test'))
  await listener.connect()
  listener.on('notification', (n) => heard.push(n.payload ?? ''))
  await listener.query(`LISTEN "${alertStoredChannel(schema)}"`)
})
afterAll(async () => {
  await listener?.end()
  await prisma?.$disconnect()
  await db?.close()
  await dropSchemas([schema])
})

const message = (payload: Partial<AlertDetectedPayload> = {}) => {
  const alert: AlertDetectedPayload = {
    alertId: crypto.randomUUID(),
    patientId: crypto.randomUUID(),
    siteId: crypto.randomUUID(),
    studyId: crypto.randomUUID(),
    submissionId: crypto.randomUUID(),
    rule: 'PAIN_SEVERE',
    severity: 'SEVERE',
    ctcaeTerm: 'Pain',
    ctcaeGrade: 3,
    observed: 9,
    threshold: 8,
    summary: 'Pain 9/10 (severe)',
    detectedAt: '2026-11-21T20:00:00.123Z',
    ...payload,
  }
  return {
    id: alert.alertId,
    topic: 'epro.ae-alerts.v1',
    key: alert.patientId,
    type: 'AdverseEventAlertDetected',
    payload: alert,
    occurredAt: alert.detectedAt,
  }
}
// Ends a hung wait; the assertions after it say what was heard.
const until = async (done: () => boolean) => {
  for (const end = Date.now() + 30_000; !done() && Date.now() < end;)
    await new Promise((resolve) => setTimeout(resolve, 20))
}

it('stores the alert as the event describes it, open, with its audit row and a notification carrying its sequence', async () => {
  const m = message()
  expect(await storeAlertOnce(prisma, m)).toBe(true)
  const stored = await prisma.adverseEventAlert.findUniqueOrThrow({ where: { id: m.id } })
  expect(stored).toMatchObject({
    patientId: m.payload.patientId,
    siteId: m.payload.siteId,
    studyId: m.payload.studyId,
    submissionId: m.payload.submissionId,
    rule: 'PAIN_SEVERE',
    severity: 'SEVERE',
    ctcaeTerm: 'Pain',
    ctcaeGrade: 3,
    observed: 9,
    threshold: 8,
    summary: 'Pain 9/10 (severe)',
    detectedAt: new Date(m.payload.detectedAt),
    status: 'OPEN',
    acknowledgedBy: null,
    acknowledgedAt: null,
  })
  const [audit, ...more] = await prisma.auditEvent.findMany({
    where: { entityType: 'AdverseEventAlert', entityId: m.id },
  })
  expect(more).toEqual([])
  const { traceContext: _plumbing, ...record } = stored
  expect(audit).toMatchObject({
    operation: 'CREATE',
    actorUserId: null,
    actorRole: 'SYSTEM',
    field: null,
    oldValue: null,
    reasonForChange: null,
    requestId: `event:${m.id}`,
    occurredAt: stored.storedAt,
  })
  expect(audit!.newValue).toEqual(toAuditJson(record))
  await until(() => heard.includes(stored.sequence.toString()))
  expect(heard).toEqual([stored.sequence.toString()])
})

it('keeps optional grading empty when the rule has none', async () => {
  const m = message({
    rule: 'PAIN_RISE_OVER_BASELINE',
    severity: 'MODERATE',
    ctcaeTerm: null,
    ctcaeGrade: null,
    observed: 6.5,
    threshold: 3,
  })
  expect(await storeAlertOnce(prisma, m)).toBe(true)
  const stored = await prisma.adverseEventAlert.findUniqueOrThrow({ where: { id: m.id } })
  expect(stored).toMatchObject({ ctcaeTerm: null, ctcaeGrade: null, observed: 6.5, severity: 'MODERATE' })
  const { traceContext: _plumbing, ...record } = stored
  const [audit] = await prisma.auditEvent.findMany({ where: { entityId: m.id } })
  expect(audit!.newValue).toEqual(toAuditJson(record))
})

it('a redelivered event stores, audits and notifies nothing', async () => {
  const m = message()
  expect(await storeAlertOnce(prisma, m)).toBe(true)
  await until(() => heard.length === 3)
  const counts = async () => ({
    alerts: await prisma.adverseEventAlert.count(),
    audit: await prisma.auditEvent.count(),
  })
  const before = await counts()
  expect(await storeAlertOnce(prisma, { ...m, payload: { ...m.payload, summary: 'changed on the way' } })).toBe(false)
  expect(await counts()).toEqual(before)
  expect((await prisma.adverseEventAlert.findUniqueOrThrow({ where: { id: m.id } })).summary).toBe('Pain 9/10 (severe)')
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(heard).toHaveLength(3)
})
