import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import type { EproBackground } from '../events/eproBackground'
import * as f from './fixtures'

// The ePRO audit trail on real Postgres (21 CFR 11.10(e)): every write — a diary entry, an alert
// stored by the consumer, an acknowledgement — leaves its rows in the same transaction; a refused
// or failed write leaves neither data nor rows; and the database refuses to change the trail.
jest.setTimeout(60_000)

const clock = { now: new Date('2026-11-21T10:00:00Z') }
const PATIENT = 'ee000000-0000-4000-8000-0000000000a1'
const submissionId = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const patient = identityWith({ role: 'PATIENT', studyId: f.STUDY, siteId: f.SITE, patientId: PATIENT })
const crc = identityWith({ role: 'CRC', studyId: f.STUDY, siteId: f.SITE })

let subgraph: SubgraphUnderTest<EproPrisma, EproBackground>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (prisma, scope, background) =>
        createEproContext(prisma, scope, background, { now: () => clock.now }),
    },
    async (prisma) => {
      await f.seedFixtures(prisma)
      await prisma.subject.createMany({
        data: [{ patientId: PATIENT, studyId: f.STUDY, siteId: f.SITE }],
        skipDuplicates: true,
      })
      await prisma.diaryEnrollment.create({
        data: {
          id: 'ed000000-0000-4000-8000-0000000000a1',
          patientId: PATIENT,
          questionnaireId: f.DAILY_DIARY,
          studyId: f.STUDY,
          siteId: f.SITE,
          startDate: new Date('2026-11-01T00:00:00Z'),
        },
      })
    },
  )
})
afterAll(() => subgraph?.stop())

const SUBMIT =
  'mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created submission { id } } }'
const ACKNOWLEDGE =
  'mutation($id: ID!, $by: ID!) { acknowledgeAdverseEventAlert(alertId: $id, acknowledgedBy: $by) { status acknowledgedAt } }'
const entry = (n: number, extra: Record<string, unknown> = {}) => ({
  submissionId: submissionId(n),
  patientId: PATIENT,
  entryDate: '2026-11-20',
  painScore: 9,
  symptoms: [{ term: 'Vomiting', grade: 3 }],
  deviceTimestamp: '2026-11-21T08:30:00Z',
  ...extra,
})
const submit = (input: Record<string, unknown>, requestId: string) =>
  subgraph.post(SUBMIT, { input }, { 'x-request-id': requestId }, patient)
const trailOf = (entityType: string, entityId: string) =>
  subgraph.prisma.auditEvent.findMany({ where: { entityType, entityId }, orderBy: { sequence: 'asc' } })
const counts = async () => ({
  audit: await subgraph.prisma.auditEvent.count(),
  submissions: await subgraph.prisma.eproSubmission.count(),
})

/** The alerts of submission `id` once the consumer has stored `n` (it runs in the background). */
async function storedAlerts(id: string, n: number) {
  const alerts = await eventually(
    () => subgraph.prisma.adverseEventAlert.findMany({ where: { submissionId: id }, orderBy: { sequence: 'asc' } }),
    (rows) => rows.length >= n,
    30_000, // ends a hung wait; a slow machine takes what it takes
    50,
  )
  if (alerts.length < n) throw new Error(`the alerts of ${id} were not stored`)
  return alerts
}

describe('writes leave their audit rows', () => {
  it('submitEproEntry: CREATE of the entry by the patient, with the whole entry as new value', async () => {
    const { body } = await submit(entry(1), 'req-submit-1')
    expect(body.errors).toBeUndefined()
    const rows = await trailOf('EproSubmission', submissionId(1))
    expect(rows).toEqual([
      expect.objectContaining({
        operation: 'CREATE',
        actorUserId: patient.userId,
        actorRole: 'PATIENT',
        field: null,
        oldValue: null,
        reasonForChange: null,
        requestId: 'req-submit-1',
        occurredAt: clock.now,
      }),
    ])
    expect(rows[0]!.newValue).toMatchObject({
      id: submissionId(1),
      patientId: PATIENT,
      entryDate: '2026-11-20T00:00:00.000Z',
      painScore: 9,
      symptoms: [{ term: 'Vomiting', grade: 3 }],
      late: true,
      serverTimestamp: clock.now.toISOString(),
    })
  })

  it('the alert consumer: CREATE of each stored alert by the system, the event id as request id', async () => {
    const alerts = await storedAlerts(submissionId(1), 2)
    for (const alert of alerts) {
      const rows = await trailOf('AdverseEventAlert', alert.id)
      expect(rows).toEqual([
        expect.objectContaining({
          operation: 'CREATE',
          actorUserId: null,
          actorRole: 'SYSTEM',
          field: null,
          requestId: `event:${alert.id}`,
        }),
      ])
      expect(rows[0]!.newValue).toMatchObject({
        id: alert.id,
        status: 'OPEN',
        rule: alert.rule,
        studyId: f.STUDY,
        siteId: f.SITE,
        sequence: alert.sequence.toString(),
      })
    }
  })

  it('a retry of the same entry changes nothing and records nothing (its alerts are stored by now)', async () => {
    await storedAlerts(submissionId(1), 2)
    const before = await counts()
    expect((await submit(entry(1), 'req-retry')).body.data!.submitEproEntry.created).toBe(false)
    expect(await counts()).toEqual(before)
  })

  it('acknowledgeAdverseEventAlert: one UPDATE per changed field, old and new value; a second acknowledgement records nothing', async () => {
    const [alert] = await storedAlerts(submissionId(1), 2)
    clock.now = new Date('2026-11-21T11:00:00Z')
    const first = await subgraph.post(
      ACKNOWLEDGE,
      { id: alert!.id, by: crc.userId },
      { 'x-request-id': 'req-ack-1' },
      crc,
    )
    expect(first.body.data!.acknowledgeAdverseEventAlert).toEqual({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: '2026-11-21T11:00:00.000Z',
    })
    const updates = (await trailOf('AdverseEventAlert', alert!.id)).filter((r) => r.operation === 'UPDATE')
    expect(
      updates.map((r) => ({
        field: r.field,
        oldValue: r.oldValue,
        newValue: r.newValue,
        actorUserId: r.actorUserId,
        actorRole: r.actorRole,
        requestId: r.requestId,
      })),
    ).toEqual([
      {
        field: 'status',
        oldValue: 'OPEN',
        newValue: 'ACKNOWLEDGED',
        actorUserId: crc.userId,
        actorRole: 'CRC',
        requestId: 'req-ack-1',
      },
      {
        field: 'acknowledgedBy',
        oldValue: null,
        newValue: crc.userId,
        actorUserId: crc.userId,
        actorRole: 'CRC',
        requestId: 'req-ack-1',
      },
      {
        field: 'acknowledgedAt',
        oldValue: null,
        newValue: '2026-11-21T11:00:00.000Z',
        actorUserId: crc.userId,
        actorRole: 'CRC',
        requestId: 'req-ack-1',
      },
    ])
    clock.now = new Date('2026-11-21T12:00:00Z')
    const before = await counts()
    const again = await subgraph.post(
      ACKNOWLEDGE,
      { id: alert!.id, by: crc.userId },
      { 'x-request-id': 'req-ack-2' },
      crc,
    )
    expect(again.body.data!.acknowledgeAdverseEventAlert.acknowledgedAt).toBe('2026-11-21T11:00:00.000Z')
    expect(await counts()).toEqual(before)
    clock.now = new Date('2026-11-21T10:00:00Z')
  })
})

describe('a refused or failed write leaves neither data nor audit rows', () => {
  it.each([
    ['a day whose window has not opened', 'EPRO_WINDOW_CLOSED', () => entry(2, { entryDate: '2026-11-22' })],
    ['pain 11', 'BAD_USER_INPUT', () => entry(3, { painScore: 11 })],
    ['another entry for a day that has one', 'EPRO_DUPLICATE_ENTRY', () => entry(4)],
  ])('%s (%s)', async (_label, code, input) => {
    const before = await counts()
    const { body } = await submit(input(), 'req-refused')
    expect(body.errors![0]!.extensions!.code).toBe(code)
    expect(await counts()).toEqual(before)
    expect(await subgraph.prisma.auditEvent.count({ where: { requestId: 'req-refused' } })).toBe(0)
  })

  it.each(['outbox_event', 'audit_event'])(
    'nothing commits when the %s insert fails (one transaction)',
    async (table) => {
      await subgraph.asOwner(
        `CREATE FUNCTION refuse_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'unavailable'; END $$ LANGUAGE plpgsql`,
      )
      await subgraph.asOwner(
        `CREATE TRIGGER refuse_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_insert()`,
      )
      clock.now = new Date('2026-11-21T19:00:00Z') // inside the entry window of 2026-11-21
      try {
        const before = await counts()
        const { body } = await submit(
          entry(5, { entryDate: '2026-11-21', deviceTimestamp: '2026-11-21T18:55:00Z' }),
          `req-${table}`,
        )
        expect(body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR')
        expect(await counts()).toEqual(before)
        expect(await subgraph.prisma.eproSubmission.findUnique({ where: { id: submissionId(5) } })).toBeNull()
      } finally {
        await subgraph.asOwner(`DROP TRIGGER refuse_insert ON ${table}`)
        await subgraph.asOwner('DROP FUNCTION refuse_insert()')
        clock.now = new Date('2026-11-21T10:00:00Z')
      }
    },
  )
})

describe('the database refuses to change the trail, even to the owner of the table (the service role may not even try: auditTrailServiceRole.pg.test.ts)', () => {
  it.each([
    ['UPDATE', `UPDATE audit_event SET new_value = '{"painScore": 0}' WHERE entity_type = 'EproSubmission'`],
    ['DELETE', `DELETE FROM audit_event WHERE entity_type = 'EproSubmission'`],
    ['TRUNCATE', 'TRUNCATE audit_event'],
  ])('%s fails', async (operation, sql) => {
    const before = await subgraph.prisma.auditEvent.findMany({ orderBy: { sequence: 'asc' } })
    expect(before.length).toBeGreaterThan(0)
    await expect(subgraph.asOwner(sql)).rejects.toThrow(
      new RegExp(`audit_event is append-only: ${operation} is not allowed`),
    )
    expect(await subgraph.prisma.auditEvent.findMany({ orderBy: { sequence: 'asc' } })).toEqual(before)
  })
})
