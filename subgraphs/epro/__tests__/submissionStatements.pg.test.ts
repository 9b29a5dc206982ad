import { insertSubmission, readSubmissionContext } from '../data/submissionStatements'
import { createdRow } from '../../../subgraph-runtime/audit/auditTrail'
import { DEFAULT_THRESHOLDS } from '../data/safetyRuleSet'
import * as f from './fixtures'
import { scopedEntryId } from '../data/entryId'
import { id, RULED_PATIENT, RULED_STUDY, useSubmissionSubgraph } from './submissionSubgraph'

// The diary submission's two statements (data/submissionStatements) on real Postgres, each on its
// own: what the one read brings, and that the write stores its events with their trace and writes
// nothing when either unique key (id, diary day) is taken. submitOnTwoStatements covers the
// mutation that uses them.
const clock = { now: new Date('2026-11-21T19:00:00Z') }

const epro = useSubmissionSubgraph(clock)

describe('readSubmissionContext', () => {
  it("brings the subject, the latest diary with its schedule, the study's thresholds and the baseline entries", async () => {
    expect(await readSubmissionContext(epro.prisma, id(1), RULED_PATIENT)).toEqual({
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
    expect((await readSubmissionContext(epro.prisma, id(1), RULED_PATIENT)).baselineEntries).toHaveLength(2)
  })

  it("brings the patient's entry already recorded under the id, as Prisma reads it, and a patient it has nothing on", async () => {
    expect((await readSubmissionContext(epro.prisma, id(903), RULED_PATIENT)).recorded).toEqual({
      submission: await epro.prisma.eproSubmission.findUnique({ where: { id: id(903) } }),
      events: [],
    })
    // Another patient's entry has id(903): not this patient's retry, and a new entry gets its own id.
    const other = 'ee000000-0000-4000-8000-0000000000ff'
    expect(await readSubmissionContext(epro.prisma, id(903), other)).toMatchObject({
      recorded: null,
      entryId: scopedEntryId(other, id(903)),
    })
    expect(await readSubmissionContext(epro.prisma, id(1), other)).toEqual({
      subject: null,
      recorded: null,
      entryId: id(1),
      diary: null,
      thresholds: DEFAULT_THRESHOLDS,
      baselineEntries: [],
    })
    expect((await readSubmissionContext(epro.prisma, id(1), f.WEEKLY_PATIENT)).diary).toMatchObject({
      startDate: '2026-11-01',
      endDate: '2026-11-15',
    })
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
      await insertSubmission(epro.prisma, row(20, '2026-11-20'), [event(120, 'A'), event(121, 'B')], trace, audit(20)),
    ).toBe(true)
    const events = await epro.prisma.outboxEvent.findMany({
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
      audit: await epro.prisma.auditEvent.count({
        where: { entityType: 'EproSubmission', entityId: { in: [id(20), id(22)] } },
      }),
      outbox: await epro.prisma.outboxEvent.count({ where: { id: id(130) } }),
      entries: await epro.prisma.eproSubmission.count({ where: { patientId: RULED_PATIENT } }),
    })
    const before = await rows()
    expect(await insertSubmission(epro.prisma, submission(), [event(130, 'C')], null, audit(22))).toBe(false)
    expect(await rows()).toEqual(before)
  })
})
