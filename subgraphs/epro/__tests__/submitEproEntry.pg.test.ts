import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { eventually } from '../../../test/support/eventually'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import * as f from './fixtures'

// The ePRO submission mutation on real Postgres: server-side validation and entry windows,
// idempotency on the client's submission id, safety rules from per-study thresholds, and the
// transactional outbox (entry and alert events commit together or not at all).
const clock = { now: new Date('2026-11-21T10:00:00Z') }
const PATIENT = 'ee000000-0000-4000-8000-000000000001'
const STRICT_STUDY_PATIENT = 'ee000000-0000-4000-8000-000000000002'
const STRICT_STUDY = '5a000000-0000-4000-8000-000000000009'
const id = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`

let subgraph: SubgraphUnderTest<EproPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (prisma, scope, background) =>
        createEproContext(prisma, scope, background, { now: () => clock.now }),
    },
    async (prisma) => {
      await f.seedFixtures(prisma)
      await prisma.safetyRuleSet.createMany({
        data: [
          {
            studyId: f.STUDY,
            painAbsolute: 8,
            painRiseOverBaseline: 3,
            seriousGrade: 3,
            baselineDays: 7,
            minBaselineEntries: 3,
          },
          {
            studyId: STRICT_STUDY,
            painAbsolute: 10,
            painRiseOverBaseline: 9,
            seriousGrade: 4,
            baselineDays: 7,
            minBaselineEntries: 3,
          },
        ],
      })
      await prisma.diaryEnrollment.createMany({
        data: [
          {
            id: 'ed000000-0000-4000-8000-000000000001',
            patientId: PATIENT,
            questionnaireId: f.DAILY_DIARY,
            studyId: f.STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-11-01T00:00:00Z'),
          },
          {
            id: 'ed000000-0000-4000-8000-000000000002',
            patientId: STRICT_STUDY_PATIENT,
            questionnaireId: f.DAILY_DIARY,
            studyId: STRICT_STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-11-01T00:00:00Z'),
          },
        ],
      })
      await prisma.subject.createMany({
        data: [
          { patientId: PATIENT, studyId: f.STUDY, siteId: f.SITE },
          { patientId: STRICT_STUDY_PATIENT, studyId: STRICT_STUDY, siteId: f.SITE },
        ],
        skipDuplicates: true,
      })
      // A calm first week: pain 2 each evening, the baseline the rise rule measures against.
      await prisma.eproSubmission.createMany({
        data: ['01', '02', '03', '04', '05', '06', '07'].map((d, i) => ({
          id: id(900 + i),
          patientId: PATIENT,
          questionnaireId: f.DAILY_DIARY,
          entryDate: new Date(`2026-11-${d}T00:00:00Z`),
          painScore: 2,
          deviceTimestamp: new Date(`2026-11-${d}T19:00:00Z`),
        })),
      })
    },
    {},
    {
      ...f.SITE_CRC,
      grants: [...f.SITE_CRC.grants, { role: 'CRC', studyId: STRICT_STUDY, siteId: f.SITE, patientId: null }],
    },
  )
})
afterAll(() => subgraph?.stop())

const SUBMIT = `mutation($input: SubmitEproEntryInput!) {
  submitEproEntry(input: $input) {
    created
    submission { id entryDate painScore late symptoms { term grade } deviceTimestamp serverTimestamp }
    safetySignals { rule severity ctcaeTerm ctcaeGrade summary }
  }
}`
const submit = (input: Record<string, unknown>) => subgraph.post(SUBMIT, { input })
const entry = (n: number, extra: Record<string, unknown> = {}) => ({
  submissionId: id(n),
  patientId: PATIENT,
  entryDate: '2026-11-20',
  painScore: 9,
  symptoms: [{ term: 'Vomiting', grade: 3 }],
  deviceTimestamp: '2026-11-21T08:30:00Z',
  ...extra,
})
const counts = async () => ({
  submissions: await subgraph.prisma.eproSubmission.count({ where: { patientId: PATIENT } }),
  outbox: await subgraph.prisma.outboxEvent.count(),
})

describe('submitEproEntry', () => {
  it('records a late entry and its alert events in one transaction', async () => {
    const before = await counts()
    const { body } = await submit(entry(1))
    expect(body.errors).toBeUndefined()
    const result = body.data!.submitEproEntry
    expect(result.created).toBe(true)
    expect(result.submission).toMatchObject({
      id: id(1),
      entryDate: '2026-11-20',
      painScore: 9,
      late: true,
      serverTimestamp: clock.now.toISOString(),
    })
    expect(result.safetySignals.map((s: { rule: string }) => s.rule)).toEqual([
      'PAIN_SEVERE',
      'PAIN_RISE_OVER_BASELINE',
      'SERIOUS_SYMPTOM',
    ])
    expect(result.safetySignals[2]).toMatchObject({ severity: 'SEVERE', ctcaeTerm: 'Vomiting', ctcaeGrade: 3 })
    expect(await counts()).toEqual({ submissions: before.submissions + 1, outbox: before.outbox + 3 })
    const events = await subgraph.prisma.outboxEvent.findMany({
      where: { payload: { path: ['submissionId'], equals: id(1) } },
    })
    expect(events.every((e) => e.key === PATIENT && e.topic === 'epro.ae-alerts.v1')).toBe(true)
  })

  it('relays the events and stores each alert once (in-process bus here; Kafka in the kafka suite)', async () => {
    const stored = async () =>
      subgraph.prisma.adverseEventAlert.findMany({ where: { submissionId: id(1) }, orderBy: { sequence: 'asc' } })
    // Relay, bus and store run in the background: wait for them (the bound only ends a hung wait).
    const alerts = await eventually(stored, (rows) => rows.length >= 3, 30_000, 50)
    expect(alerts.map((a) => a.rule)).toEqual(['PAIN_SEVERE', 'PAIN_RISE_OVER_BASELINE', 'SERIOUS_SYMPTOM'])
    expect(alerts[2]).toMatchObject({
      patientId: PATIENT,
      siteId: f.SITE,
      studyId: f.STUDY,
      severity: 'SEVERE',
      ctcaeTerm: 'Vomiting',
      ctcaeGrade: 3,
      status: 'OPEN',
    })
    // The in-process bus hands the events to the store without waiting for it, so an alert can be
    // stored a moment before the relay's transaction marking its event published commits.
    const unpublished = () => subgraph.prisma.outboxEvent.count({ where: { publishedAt: null } })
    expect(await eventually(unpublished, (n) => n === 0, 30_000, 50)).toBe(0)
  })

  it('answers a retry with the first outcome and writes nothing', async () => {
    const before = await counts()
    const { body } = await submit(entry(1))
    expect(body.data!.submitEproEntry.created).toBe(false)
    expect(body.data!.submitEproEntry.safetySignals).toHaveLength(3)
    expect(await counts()).toEqual(before)
  })

  it("takes a submission id already used for another patient as this patient's own key: a new entry, no hint the id exists", async () => {
    // Another patient's writer sends the id of PATIENT's entry (by mistake, or to probe for it).
    const other = entry(1, { patientId: STRICT_STUDY_PATIENT, painScore: 10, symptoms: [] })
    const first = await submit(other)
    expect(first.body.errors).toBeUndefined()
    const created = first.body.data!.submitEproEntry
    expect(created.created).toBe(true)
    expect(created.submission.id).not.toBe(id(1))
    expect(created.safetySignals.map((s: { rule: string }) => s.rule)).toEqual(['PAIN_SEVERE'])
    // Its retry finds it; PATIENT's entry under the id is untouched.
    const retry = await submit(other)
    expect(retry.body.data!.submitEproEntry).toMatchObject({
      created: false,
      submission: { id: created.submission.id },
    })
    expect(await subgraph.prisma.eproSubmission.findUnique({ where: { id: id(1) } })).toMatchObject({
      patientId: PATIENT,
    })
    // Its alert is its own (alert ids derive from the entry's id, not the client's).
    const alerts = async () =>
      subgraph.prisma.adverseEventAlert.findMany({ where: { submissionId: created.submission.id } })
    const stored = await eventually(alerts, (rows) => rows.length >= 1, 30_000, 50)
    expect(stored.map((a) => a.patientId)).toEqual([STRICT_STUDY_PATIENT])
  })

  it('recognises concurrent duplicates of one entry: one row, one creator', async () => {
    clock.now = new Date('2026-11-21T19:00:00Z')
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => submit(entry(2, { entryDate: '2026-11-21', painScore: 1, symptoms: [] }))),
    )
    expect(results.map((r) => r.body.data!.submitEproEntry.created).filter(Boolean)).toHaveLength(1)
    expect(await subgraph.prisma.eproSubmission.count({ where: { id: id(2) } })).toBe(1)
  })

  it.each([
    ['same id, different content', 'IDEMPOTENCY_CONFLICT', () => entry(1, { painScore: 3 })],
    [
      'another entry for a day that has one',
      'EPRO_DUPLICATE_ENTRY',
      () => entry(3, { entryDate: '2026-11-21', painScore: 1, symptoms: [] }),
    ],
    ['a day whose window has not opened', 'EPRO_WINDOW_CLOSED', () => entry(4, { entryDate: '2026-11-22' })],
    ['a day past its late grace period', 'EPRO_WINDOW_CLOSED', () => entry(5, { entryDate: '2026-11-19' })],
    ['a patient without a diary', 'EPRO_NOT_ACTIVE', () => entry(6, { patientId: f.NO_DIARY_PATIENT })],
    [
      'a day before the diary started',
      'EPRO_NOT_ACTIVE',
      () => entry(7, { patientId: f.FUTURE_PATIENT, entryDate: '2026-11-21' }),
    ],
    ['pain 11', 'BAD_USER_INPUT', () => entry(8, { painScore: 11 })],
    ['an unknown CTCAE term', 'BAD_USER_INPUT', () => entry(9, { symptoms: [{ term: 'Naus', grade: 1 }] })],
    ['a grade the term does not have', 'BAD_USER_INPUT', () => entry(10, { symptoms: [{ term: 'Nausea', grade: 5 }] })],
    ['a malformed submission id', 'BAD_USER_INPUT', () => entry(11, { submissionId: 'retry-1' })],
    [
      'a device clock far in the future',
      'BAD_USER_INPUT',
      () => entry(12, { deviceTimestamp: '2026-11-23T08:30:00Z' }),
    ],
  ])('refuses %s with %s and writes nothing', async (_label, code, input) => {
    const before = await counts()
    const { status, body } = await submit(input())
    expect(status).toBe(200)
    expect(body.data).toBeNull()
    expect(body.errors![0]!.extensions!.code).toBe(code)
    expect(body.errors![0]!.message.length).toBeGreaterThan(20)
    expect(await counts()).toEqual(before)
  })

  it('explains the window it refused, and suggests the CTCAE term meant', async () => {
    const early = await submit(entry(13, { entryDate: '2026-11-22' }))
    expect(early.body.errors![0]!.extensions).toMatchObject({
      opensAt: '2026-11-22T18:00:00.000Z',
      closesAt: '2026-11-22T23:59:00.000Z',
    })
    const typo = await submit(entry(14, { symptoms: [{ term: 'Naus', grade: 1 }] }))
    expect(typo.body.errors![0]!.message).toMatch(/"Nausea"/)
  })

  it("applies the study's own thresholds (data, not code)", async () => {
    const { body } = await submit(
      entry(15, {
        patientId: STRICT_STUDY_PATIENT,
        entryDate: '2026-11-21',
        painScore: 9,
        symptoms: [{ term: 'Vomiting', grade: 3 }],
      }),
    )
    expect(body.data!.submitEproEntry.safetySignals).toEqual([])
  })

  it('commits nothing when the outbox write fails (same transaction)', async () => {
    await subgraph.asOwner(
      `CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql`,
    )
    await subgraph.asOwner(
      `CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox_event FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`,
    )
    try {
      clock.now = new Date('2026-11-22T19:00:00Z')
      const before = await counts()
      const { body } = await submit(entry(16, { entryDate: '2026-11-22', deviceTimestamp: '2026-11-22T18:55:00Z' }))
      expect(body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR')
      expect(await counts()).toEqual(before)
      expect(await subgraph.prisma.eproSubmission.findUnique({ where: { id: id(16) } })).toBeNull()
    } finally {
      await subgraph.asOwner('DROP TRIGGER refuse_outbox ON outbox_event')
      await subgraph.asOwner('DROP FUNCTION refuse_outbox()')
    }
  })
})
