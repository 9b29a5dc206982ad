import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import * as f from './fixtures'

// The real subgraph on a fresh Postgres schema, with the clock pinned so compliance is stable.
let subgraph: SubgraphUnderTest<EproPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (prisma, scope, background) => createEproContext(prisma, scope, background, { now: () => f.NOW }),
    },
    f.seedFixtures,
    {},
    // The site's CRC, who also holds a role in the study without diaries (to list its questionnaires).
    {
      ...f.SITE_CRC,
      grants: [
        ...f.SITE_CRC.grants,
        { role: 'MONITOR', studyId: f.STUDY_WITHOUT_DIARIES, siteId: null, patientId: null },
      ],
    },
  )
})
afterAll(() => subgraph?.stop())

const gql = (query: string, variables?: Record<string, unknown>) => subgraph.post(query, variables)
const patients = (ids: string[]) => ids.map((id) => ({ __typename: 'Patient', id }))

const PATIENT_DIARY = `query($r: [_Any!]!, $first: Int) {
  _entities(representations: $r) {
    ... on Patient {
      id
      eproSubmissions(first: $first) { id entryDate painScore late deviceTimestamp symptoms { term grade } patient { id } questionnaire { id code study { id } } }
      latestEproSubmission { id entryDate late }
      eproCompliance { expectedEntries onTimeEntries lateEntries percentage diaryStartDate diaryEndDate asOf }
    }
  }
}`

describe('Query.questionnaire and Query.studyQuestionnaires', () => {
  it('returns a questionnaire with its schedule and study reference', async () => {
    const { body } = await gql(
      `{ questionnaire(id: "${f.WEEKLY_DIARY.toUpperCase()}") { id code title version frequency windowOpensMinute windowClosesMinute study { id } } }`,
    )
    expect(body.errors).toBeUndefined()
    expect(body.data!.questionnaire).toEqual({
      id: f.WEEKLY_DIARY,
      code: 'QOL-WEEKLY',
      title: 'Weekly quality of life',
      version: '2.1',
      frequency: 'WEEKLY',
      windowOpensMinute: 480,
      windowClosesMinute: 1320,
      study: { id: f.STUDY },
    })
  })

  it('answers an unknown id with null and FORBIDDEN (the same answer as "not yours")', async () => {
    const { body } = await gql('{ questionnaire(id: "9a000000-0000-4000-8000-0000000000ff") { id } }')
    expect(body.data!.questionnaire).toBeNull()
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
  })

  it("refuses a study's questionnaires to someone without a role in it", async () => {
    const { body } = await subgraph.post(
      `{ studyQuestionnaires(studyId: "${f.STUDY}") { code } }`,
      {},
      {},
      { ...f.SITE_CRC, grants: [] },
    )
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
  })

  it('rejects a malformed id with BAD_USER_INPUT before any SQL', async () => {
    subgraph.statements.reset()
    const { body } = await gql('{ questionnaire(id: "not-a-uuid") { id } }')
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' })
    expect(subgraph.statements.count).toBe(0)
  })

  it("lists a study's questionnaires by code, and none for a study without diaries", async () => {
    const { body } = await gql(
      `{ a: studyQuestionnaires(studyId: "${f.STUDY}") { code } b: studyQuestionnaires(studyId: "${f.STUDY_WITHOUT_DIARIES}") { code } }`,
    )
    expect(body.data).toEqual({ a: [{ code: 'PAIN-DAILY' }, { code: 'QOL-WEEKLY' }], b: [] })
  })

  it('rejects a malformed studyId with BAD_USER_INPUT', async () => {
    const { body } = await gql('{ studyQuestionnaires(studyId: "42") { id } }')
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'studyId' })
  })
})

describe('Patient entity (_entities)', () => {
  it('resolves diaries, latest entry and compliance for several patients at once', async () => {
    const { body } = await gql(PATIENT_DIARY, {
      r: patients([f.DAILY_PATIENT, f.WEEKLY_PATIENT, f.FUTURE_PATIENT, f.NO_DIARY_PATIENT]),
    })
    expect(body.errors).toBeUndefined()
    const [daily, weekly, future, none] = body.data!._entities

    expect(daily.eproSubmissions).toHaveLength(f.DAILY_PATIENT_SUBMISSIONS.length)
    const timestamps = daily.eproSubmissions.map((s: { deviceTimestamp: string }) => s.deviceTimestamp)
    expect(timestamps).toEqual([...timestamps].sort().reverse()) // newest first
    expect(daily.eproSubmissions[0]).toMatchObject({
      entryDate: '2026-11-20',
      late: true,
      patient: { id: f.DAILY_PATIENT },
    })
    expect(daily.eproSubmissions[0].questionnaire).toEqual({
      id: f.DAILY_DIARY,
      code: 'PAIN-DAILY',
      study: { id: f.STUDY },
    })
    const bySymptoms = (date: string) =>
      daily.eproSubmissions.find((s: { entryDate: string }) => s.entryDate === date).symptoms
    expect(bySymptoms('2026-11-18')).toEqual([{ term: 'Nausea', grade: 2 }]) // malformed items skipped
    expect(bySymptoms('2026-11-17')).toEqual([]) // not a list at all
    expect(daily.latestEproSubmission).toEqual({ id: daily.eproSubmissions[0].id, entryDate: '2026-11-20', late: true })
    expect(daily.eproCompliance).toEqual({
      expectedEntries: 10,
      onTimeEntries: 8,
      lateEntries: 1,
      percentage: 80,
      diaryStartDate: '2026-11-12',
      diaryEndDate: null,
      asOf: '2026-11-21',
    })

    expect(weekly.eproSubmissions.map((s: { entryDate: string }) => s.entryDate)).toEqual([
      '2026-11-16',
      '2026-11-08',
      '2026-11-01',
    ])
    expect(weekly.eproSubmissions[2].symptoms).toEqual([{ term: 'Fatigue', grade: 1 }])
    expect(weekly.eproCompliance).toEqual({
      expectedEntries: 3,
      onTimeEntries: 2,
      lateEntries: 0,
      percentage: 66.7,
      diaryStartDate: '2026-11-01',
      diaryEndDate: '2026-11-15',
      asOf: '2026-11-21',
    })

    expect(future).toEqual({
      id: f.FUTURE_PATIENT,
      eproSubmissions: [],
      latestEproSubmission: null,
      eproCompliance: {
        expectedEntries: 0,
        onTimeEntries: 0,
        lateEntries: 0,
        percentage: null,
        diaryStartDate: '2026-12-01',
        diaryEndDate: null,
        asOf: '2026-11-21',
      },
    })
    expect(none).toEqual({
      id: f.NO_DIARY_PATIENT,
      eproSubmissions: [],
      latestEproSubmission: null,
      eproCompliance: null,
    })
  })

  it('limits each patient to the newest `first` entries', async () => {
    const { body } = await gql(PATIENT_DIARY, { r: patients([f.DAILY_PATIENT, f.WEEKLY_PATIENT]), first: 2 })
    const [daily, weekly] = body.data!._entities
    expect(daily.eproSubmissions.map((s: { entryDate: string }) => s.entryDate)).toEqual(['2026-11-20', '2026-11-19'])
    expect(weekly.eproSubmissions.map((s: { entryDate: string }) => s.entryDate)).toEqual(['2026-11-16', '2026-11-08'])
  })

  it.each([0, 501, -1])('rejects first: %d with BAD_USER_INPUT', async (first) => {
    const { body } = await gql(PATIENT_DIARY, { r: patients([f.DAILY_PATIENT]), first })
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' })
    expect(body.data!._entities[0].eproSubmissions).toBeNull()
  })

  it('resolves a malformed patient id to null without touching the database', async () => {
    subgraph.statements.reset()
    const { body } = await gql(PATIENT_DIARY, { r: patients(['nope']) })
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities).toEqual([null])
    expect(subgraph.statements.count).toBe(0)
  })

  it('issues the same number of statements for 3 and for 30 patients', async () => {
    subgraph.statements.reset()
    const few = await gql(PATIENT_DIARY, { r: patients(f.BULK_PATIENTS.slice(0, 3)) })
    const forFew = subgraph.statements.besideRegistry()
    subgraph.statements.reset()
    const many = await gql(PATIENT_DIARY, { r: patients(f.BULK_PATIENTS) })
    const forMany = subgraph.statements.besideRegistry()
    expect(few.body.errors).toBeUndefined()
    expect(many.body.errors).toBeUndefined()
    expect(many.body.data!._entities.map((p: { eproSubmissions: unknown[] }) => p.eproSubmissions.length)).toEqual(
      f.BULK_PATIENTS.map(() => 3),
    )
    expect(many.body.data!._entities[29].eproCompliance).toMatchObject({
      expectedEntries: 21,
      onTimeEntries: 3,
      percentage: 14.3,
    })
    expect(forMany).toBe(forFew)
    // Beside the subject registry (access; cached across requests): submissions and the latest
    // entry together (one statement), compliance, questionnaires.
    expect(forMany).toBe(3)
  })
})

describe('EproSubmission and Questionnaire entities', () => {
  it('resolves known ids; unknown ids are null with FORBIDDEN, malformed ones null', async () => {
    const submission = f.DAILY_PATIENT_SUBMISSIONS[8]!
    const { body } = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on EproSubmission { id entryDate painScore symptoms { term grade } questionnaire { code } }
        ... on Questionnaire { id code }
      } }`,
      {
        r: [
          { __typename: 'EproSubmission', id: submission.id },
          { __typename: 'EproSubmission', id: 'cc000000-0000-4000-8000-0000000fffff' },
          { __typename: 'EproSubmission', id: 'x' },
          { __typename: 'Questionnaire', id: f.DAILY_DIARY },
          { __typename: 'Questionnaire', id: 'y' },
        ],
      },
    )
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['_entities', 1], 'FORBIDDEN']])
    expect(body.data!._entities).toEqual([
      { id: submission.id, entryDate: '2026-11-19', painScore: 9, symptoms: [], questionnaire: { code: 'PAIN-DAILY' } },
      null,
      null,
      { id: f.DAILY_DIARY, code: 'PAIN-DAILY' },
      null,
    ])
  })
})
