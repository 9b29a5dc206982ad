import { toAuditJson } from '../../../subgraph-runtime/audit/auditJson'
import { readSubmissionContext } from '../data/submissionStatements'
import * as f from './fixtures'
import { id, patient, PATIENT, useSubmissionSubgraph } from './submissionSubgraph'

// submitEproEntry on its two statements (data/submissionStatements), on real Postgres: a new entry
// costs one read and one write, a retry one read; the write stores exactly what Prisma stored
// (entry, outbox events in order, audit row); the diary day's unique key holds under concurrent
// submissions.
const clock = { now: new Date('2026-11-21T19:00:00Z') }

const epro = useSubmissionSubgraph(clock)

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
  epro.subgraph.post(SUBMIT, { input }, headers, patient)
let firstAnswer: unknown

describe('submitEproEntry on the two statements', () => {
  it('records a new entry with one read and one write', async () => {
    epro.subgraph.statements.reset()
    const { body } = await submit(entry(1), { 'x-request-id': 'req-two-statements' })
    expect(body.errors).toBeUndefined()
    expect(epro.subgraph.statements.count).toBe(2)
    expect(body.data!.submitEproEntry.safetySignals.map((s: { rule: string }) => s.rule)).toEqual([
      'PAIN_SEVERE',
      'SERIOUS_SYMPTOM',
      'SERIOUS_SYMPTOM',
    ])
    firstAnswer = body.data!.submitEproEntry.submission
  })

  it('answers a retry as before: the first outcome, from the stored entry and its events', async () => {
    epro.subgraph.statements.reset()
    const { body } = await submit(entry(1))
    expect(body.data!.submitEproEntry).toEqual({
      created: false,
      submission: firstAnswer,
      safetySignals: [{ rule: 'PAIN_SEVERE' }, { rule: 'SERIOUS_SYMPTOM' }, { rule: 'SERIOUS_SYMPTOM' }],
    })
    expect(epro.subgraph.statements.count).toBe(1) // the read brings the entry and its events
    const { recorded } = await readSubmissionContext(epro.prisma, id(1), PATIENT)
    expect(recorded!.submission).toEqual(await epro.prisma.eproSubmission.findUnique({ where: { id: id(1) } }))
    expect(recorded!.events).toEqual(
      (
        await epro.prisma.outboxEvent.findMany({
          where: { payload: { path: ['submissionId'], equals: id(1) } },
          orderBy: { sequence: 'asc' },
        })
      ).map((e) => e.payload),
    )
  })

  it('answers with the row as stored, and audits it as Prisma would have: the whole row as new value', async () => {
    const stored = (await epro.prisma.eproSubmission.findUnique({ where: { id: id(1) } }))!
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
    const [audit, ...more] = await epro.prisma.auditEvent.findMany({
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
    const events = await epro.prisma.outboxEvent.findMany({ where: { key: PATIENT }, orderBy: { sequence: 'asc' } })
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
    expect(await epro.prisma.outboxEvent.count({ where: { payload: { path: ['submissionId'], equals: id(2) } } })).toBe(
      0,
    )
    expect(await epro.prisma.auditEvent.count({ where: { entityId: id(2) } })).toBe(1)
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
    expect(await epro.prisma.auditEvent.count({ where: { entityId: { in: [3, 4, 5, 6].map(id) } } })).toBe(1)
    expect(
      await epro.prisma.outboxEvent.count({
        where: { key: PATIENT, NOT: { payload: { path: ['submissionId'], equals: winner } }, occurredAt: clock.now },
      }),
    ).toBe(0)
  })
})
