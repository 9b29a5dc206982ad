import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { toAuditJson } from '../../../subgraph-runtime/audit/auditJson'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import { insertSubmission, readSubmissionContext } from '../data/submissionStatements'
import { createdRow } from '../../../subgraph-runtime/audit/auditTrail'
import { DEFAULT_THRESHOLDS } from '../data/safetyRuleSet'
import * as f from './fixtures'
import { scopedEntryId } from '../data/entryId'

// The diary submission's two statements (data/submissionStatements) on real Postgres: what the
// one read brings, that a new entry costs one read and one write, that the write stores exactly
// what Prisma stored (entry, outbox events in order with their trace, audit row), and that both
// unique keys — id and diary day — hold under concurrent submissions.
const clock = { now: new Date('2026-11-21T19:00:00Z') }
const PATIENT = 'ee000000-0000-4000-8000-0000000000c1'
const RULED_STUDY = '5a000000-0000-4000-8000-0000000000c9'
const RULED_PATIENT = 'ee000000-0000-4000-8000-0000000000c2'
const id = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const patient = identityWith({ role: 'PATIENT', studyId: f.STUDY, siteId: f.SITE, patientId: PATIENT })

let subgraph: SubgraphUnderTest<EproPrisma>
let prisma: EproPrisma
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (p, scope, background) => createEproContext(p, scope, background, { now: () => clock.now }),
    },
    async (p) => {
      await f.seedFixtures(p)
      await p.subject.createMany({
        data: [
          { patientId: PATIENT, studyId: f.STUDY, siteId: f.SITE },
          { patientId: RULED_PATIENT, studyId: RULED_STUDY, siteId: f.SITE },
        ],
      })
      await p.safetyRuleSet.create({
        data: {
          studyId: RULED_STUDY,
          painAbsolute: 9,
          painRiseOverBaseline: 2,
          seriousGrade: 4,
          baselineDays: 3,
          minBaselineEntries: 2,
        },
      })
      await p.diaryEnrollment.createMany({
        data: [
          {
            id: 'ed000000-0000-4000-8000-0000000000c1',
            patientId: PATIENT,
            questionnaireId: f.DAILY_DIARY,
            studyId: f.STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-11-01T00:00:00Z'),
            timeZone: 'Europe/Berlin',
          },
          // Two activations: the latest one (by start date) is the diary.
          {
            id: 'ed000000-0000-4000-8000-0000000000c2',
            patientId: RULED_PATIENT,
            questionnaireId: f.WEEKLY_DIARY,
            studyId: RULED_STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-10-01T00:00:00Z'),
            endDate: new Date('2026-10-31T00:00:00Z'),
          },
          {
            id: 'ed000000-0000-4000-8000-0000000000c3',
            patientId: RULED_PATIENT,
            questionnaireId: f.DAILY_DIARY,
            studyId: RULED_STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-11-10T00:00:00Z'),
          },
        ],
      })
      // Baseline days 11-10..11-12 of the ruled study (3 days), one later entry, one on the old diary.
      const entry = (n: number, patientId: string, questionnaireId: string, day: string, painScore: number) => ({
        id: id(n),
        patientId,
        questionnaireId,
        entryDate: new Date(`${day}T00:00:00Z`),
        painScore,
        deviceTimestamp: new Date(`${day}T19:00:00Z`),
      })
      await p.eproSubmission.createMany({
        data: [
          entry(901, RULED_PATIENT, f.DAILY_DIARY, '2026-11-10', 2),
          entry(902, RULED_PATIENT, f.DAILY_DIARY, '2026-11-12', 4),
          entry(903, RULED_PATIENT, f.DAILY_DIARY, '2026-11-13', 7),
          entry(904, RULED_PATIENT, f.WEEKLY_DIARY, '2026-10-05', 1),
        ],
      })
    },
  )
  prisma = subgraph.prisma
})
afterAll(() => subgraph?.stop())

const SUBMIT =
  'mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created submission { id entryDate painScore late symptoms { term grade } deviceTimestamp serverTimestamp } safetySignals { rule } } }'
const entry = (n: number, extra: Record<string, unknown> = {}) => ({
  submissionId: id(n),
  patientId: PATIENT,
  entryDate: '2026-11-21',
  painScore: 9,
  symptoms: [
    { term: 'Vomiting', grade: 3 },
    { term: 'Diarrhea', grade: 4 },
  ],
  deviceTimestamp: '2026-11-21T18:55:00Z',
  ...extra,
})
const submit = (input: Record<string, unknown>, headers: Record<string, string> = {}) =>
  subgraph.post(SUBMIT, { input }, headers, patient)
let firstAnswer: unknown

describe('readSubmissionContext', () => {
  it("brings the subject, the latest diary with its schedule, the study's thresholds and the baseline entries", async () => {
    expect(await readSubmissionContext(prisma, id(1), RULED_PATIENT)).toEqual({
      subject: { patientId: RULED_PATIENT, studyId: RULED_STUDY, siteId: f.SITE },
      recorded: null,
      entryId: id(1), // nobody's entry has the id yet
      diary: {
        questionnaireId: f.DAILY_DIARY,
        studyId: RULED_STUDY,
        siteId: f.SITE,
        startDate: '2026-11-10',
        endDate: null,
        timeZone: 'UTC',
        schedule: { opensMinute: 1080, closesMinute: 1439, lateGraceHours: 24 },
      },
      thresholds: { painAbsolute: 9, painRiseOverBaseline: 2, seriousGrade: 4, baselineDays: 3, minBaselineEntries: 2 },
      baselineEntries: expect.arrayContaining([
        { painScore: 2, entryDate: '2026-11-10' },
        { painScore: 4, entryDate: '2026-11-12' },
      ]),
    })
    expect((await readSubmissionContext(prisma, id(1), RULED_PATIENT)).baselineEntries).toHaveLength(2)
  })

  it("brings the patient's entry already recorded under the id, as Prisma reads it, and a patient it has nothing on", async () => {
    expect((await readSubmissionContext(prisma, id(903), RULED_PATIENT)).recorded).toEqual({
      submission: await prisma.eproSubmission.findUnique({ where: { id: id(903) } }),
      events: [],
    })
    // Another patient's entry has id(903): not this patient's retry, and a new entry gets its own id.
    const other = 'ee000000-0000-4000-8000-0000000000ff'
    expect(await readSubmissionContext(prisma, id(903), other)).toMatchObject({
      recorded: null,
      entryId: scopedEntryId(other, id(903)),
    })
    expect(await readSubmissionContext(prisma, id(1), other)).toEqual({
      subject: null,
      recorded: null,
      entryId: id(1),
      diary: null,
      thresholds: DEFAULT_THRESHOLDS,
      baselineEntries: [],
    })
    expect((await readSubmissionContext(prisma, id(1), f.WEEKLY_PATIENT)).diary).toMatchObject({
      startDate: '2026-11-01',
      endDate: '2026-11-15',
    })
  })
})

describe('submitEproEntry on the two statements', () => {
  it('records a new entry with one read and one write', async () => {
    subgraph.statements.reset()
    const { body } = await submit(entry(1), { 'x-request-id': 'req-two-statements' })
    expect(body.errors).toBeUndefined()
    expect(subgraph.statements.count).toBe(2)
    expect(body.data!.submitEproEntry.safetySignals.map((s: { rule: string }) => s.rule)).toEqual([
      'PAIN_SEVERE',
      'SERIOUS_SYMPTOM',
      'SERIOUS_SYMPTOM',
    ])
    firstAnswer = body.data!.submitEproEntry.submission
  })

  it('answers a retry as before: the first outcome, from the stored entry and its events', async () => {
    subgraph.statements.reset()
    const { body } = await submit(entry(1))
    expect(body.data!.submitEproEntry).toEqual({
      created: false,
      submission: firstAnswer,
      safetySignals: [{ rule: 'PAIN_SEVERE' }, { rule: 'SERIOUS_SYMPTOM' }, { rule: 'SERIOUS_SYMPTOM' }],
    })
    expect(subgraph.statements.count).toBe(1) // the read brings the entry and its events
    const { recorded } = await readSubmissionContext(prisma, id(1), PATIENT)
    expect(recorded!.submission).toEqual(await prisma.eproSubmission.findUnique({ where: { id: id(1) } }))
    expect(recorded!.events).toEqual(
      (
        await prisma.outboxEvent.findMany({
          where: { payload: { path: ['submissionId'], equals: id(1) } },
          orderBy: { sequence: 'asc' },
        })
      ).map((e) => e.payload),
    )
  })

  it('answers with the row as stored, and audits it as Prisma would have: the whole row as new value', async () => {
    const stored = (await prisma.eproSubmission.findUnique({ where: { id: id(1) } }))!
    expect(stored).toEqual({
      id: id(1),
      patientId: PATIENT,
      questionnaireId: f.DAILY_DIARY,
      entryDate: new Date('2026-11-21T00:00:00Z'),
      painScore: 9,
      symptoms: [
        { term: 'Vomiting', grade: 3 },
        { term: 'Diarrhea', grade: 4 },
      ],
      deviceTimestamp: new Date('2026-11-21T18:55:00Z'),
      serverTimestamp: clock.now,
      late: false,
    })
    const [audit, ...more] = await prisma.auditEvent.findMany({
      where: { entityType: 'EproSubmission', entityId: id(1) },
    })
    expect(more).toEqual([])
    expect(audit).toMatchObject({
      operation: 'CREATE',
      actorUserId: patient.userId,
      actorRole: 'PATIENT',
      field: null,
      oldValue: null,
      reasonForChange: null,
      requestId: 'req-two-statements',
      occurredAt: clock.now,
    })
    expect(audit!.newValue).toEqual(toAuditJson(stored))
  })

  it('writes the outbox events in the order of the hits (the relay publishes by sequence)', async () => {
    const events = await prisma.outboxEvent.findMany({ where: { key: PATIENT }, orderBy: { sequence: 'asc' } })
    expect(
      events.map((e) => [(e.payload as { rule: string }).rule, (e.payload as { ctcaeTerm: string | null }).ctcaeTerm]),
    ).toEqual([
      ['PAIN_SEVERE', null],
      ['SERIOUS_SYMPTOM', 'Diarrhea'],
      ['SERIOUS_SYMPTOM', 'Vomiting'],
    ])
    expect(
      events.every(
        (e) =>
          e.occurredAt.getTime() === clock.now.getTime() &&
          e.topic === 'epro.ae-alerts.v1' &&
          e.eventType === 'AdverseEventAlertDetected',
      ),
    ).toBe(true)
    // No tracer runs in this test process (the process entry sets it up; e2e/tracing follows a real trace).
    expect(events.map((e) => e.traceContext)).toEqual([null, null, null])
  })

  it('writes no events when no rule is hit', async () => {
    clock.now = new Date('2026-11-22T19:00:00Z')
    const { body } = await submit(
      entry(2, { entryDate: '2026-11-22', deviceTimestamp: '2026-11-22T18:55:00Z', painScore: 1, symptoms: [] }),
    )
    expect(body.data!.submitEproEntry).toMatchObject({ created: true, safetySignals: [] })
    expect(await prisma.outboxEvent.count({ where: { payload: { path: ['submissionId'], equals: id(2) } } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { entityId: id(2) } })).toBe(1)
  })

  it('lets one of several different entries racing for one diary day in; the others get EPRO_DUPLICATE_ENTRY and write nothing', async () => {
    clock.now = new Date('2026-11-23T19:00:00Z')
    const results = await Promise.all(
      [3, 4, 5, 6].map((n) =>
        submit(entry(n, { entryDate: '2026-11-23', deviceTimestamp: '2026-11-23T18:5' + n + ':00Z' })),
      ),
    )
    const created = results.filter((r) => r.body.data?.submitEproEntry.created)
    expect(created).toHaveLength(1)
    expect(results.filter((r) => r.body.errors?.[0]?.extensions?.code === 'EPRO_DUPLICATE_ENTRY')).toHaveLength(3)
    const winner = created[0]!.body.data!.submitEproEntry.submission.id
    expect(await prisma.auditEvent.count({ where: { entityId: { in: [3, 4, 5, 6].map(id) } } })).toBe(1)
    expect(
      await prisma.outboxEvent.count({
        where: { key: PATIENT, NOT: { payload: { path: ['submissionId'], equals: winner } }, occurredAt: clock.now },
      }),
    ).toBe(0)
  })
})

describe('insertSubmission', () => {
  const row = (n: number, entryDate: string) => ({
    id: id(n),
    patientId: RULED_PATIENT,
    questionnaireId: f.DAILY_DIARY,
    entryDate: new Date(`${entryDate}T00:00:00Z`),
    painScore: 9,
    symptoms: [],
    deviceTimestamp: clock.now,
    serverTimestamp: clock.now,
    late: false,
  })
  const event = (n: number, rule: string) => ({
    id: id(n),
    topic: 'epro.ae-alerts.v1',
    key: RULED_PATIENT,
    eventType: 'AdverseEventAlertDetected',
    payload: { submissionId: id(n - 100), rule },
  })
  const audit = (n: number) =>
    createdRow(
      { userId: null, role: 'SYSTEM', requestId: `req-${n}` },
      { type: 'EproSubmission', id: id(n) },
      row(n, '2026-11-30'),
      clock.now,
    )

  it('stores the trace carrier with every event, as JSON', async () => {
    const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=1' }
    expect(
      await insertSubmission(prisma, row(20, '2026-11-20'), [event(120, 'A'), event(121, 'B')], trace, audit(20)),
    ).toBe(true)
    const events = await prisma.outboxEvent.findMany({
      where: { id: { in: [id(120), id(121)] } },
      orderBy: { sequence: 'asc' },
    })
    expect(events.map((e) => [e.id, e.traceContext])).toEqual([
      [id(120), trace],
      [id(121), trace],
    ])
  })

  it.each([
    ['the same id', () => row(20, '2026-11-21')],
    ['another id on a day that has an entry', () => row(22, '2026-11-20')],
  ])('writes nothing for %s and says so', async (_label, submission) => {
    // Only this suite's rows: the alert consumer audits the alerts it stores meanwhile.
    const rows = async () => ({
      audit: await prisma.auditEvent.count({
        where: { entityType: 'EproSubmission', entityId: { in: [id(20), id(22)] } },
      }),
      outbox: await prisma.outboxEvent.count({ where: { id: id(130) } }),
      entries: await prisma.eproSubmission.count({ where: { patientId: RULED_PATIENT } }),
    })
    const before = await rows()
    expect(await insertSubmission(prisma, submission(), [event(130, 'C')], null, audit(22))).toBe(false)
    expect(await rows()).toEqual(before)
  })
})
