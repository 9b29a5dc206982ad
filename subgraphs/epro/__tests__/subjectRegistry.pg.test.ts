import crypto from 'node:crypto'
import { eproSubgraph } from '../subgraph'
import type { EproPrisma } from '../data/prismaClient'
import type { EproBackground } from '../events/eproBackground'
import { registerSubject } from '../events/subjectRegistry'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { diaryEntryInput } from '../../../test/support/diaryEntryInput'
import { createLogger } from '../../../platform/logging/logger'
import type { SubjectEvent } from '../../../contracts/subjectEvents'
import { subjectEventMessage } from '../../../test/support/subjectEvents'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'

// A subject enrolled in a study epro has never seen: the patients context's event alone makes
// them known (access), activates their diary from the study's schedule, and lets them file.
const STUDY = '57000000-0000-4000-8000-0000000000c1'
const SITE = '5a000000-0000-4000-8000-0000000000c1'
const PATIENT = '9a000000-0000-4000-8000-0000000000c1'
const crc = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

const enrolled = (codes: string[]): BusMessage => {
  const event: SubjectEvent = {
    type: 'SubjectEnrolled',
    patientId: PATIENT,
    subjectNumber: 'NEW-1-101-0001',
    studyId: STUDY,
    siteId: SITE,
    enrollmentDate: daysAgo(3),
    timeZone: 'UTC',
    visits: [
      {
        visitId: crypto.randomUUID(),
        visitNumber: 2,
        name: 'Baseline',
        visitType: 'BASELINE',
        scheduledDate: daysAgo(3),
        windowStart: null,
        windowEnd: null,
        questionnaireCodes: codes,
      },
    ],
  }
  return subjectEventMessage(event)
}

let subgraph: SubgraphUnderTest<EproPrisma, EproBackground>
const register = (message: BusMessage) =>
  registerSubject(subgraph.prisma, createLogger('epro', { LOG_LEVEL: 'silent' }))(message)
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(eproSubgraph, undefined, {}, crc)
})
afterAll(async () => {
  await subgraph?.stop()
})

it('knows nobody before the event: a diary entry is refused', async () => {
  const { body } = await subgraph.post(
    `mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created } }`,
    {
      input: diaryEntryInput(PATIENT, 4),
    },
  )
  expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
})

it('registers the subject and activates the diary the schedule names; the entry is then accepted', async () => {
  await register(enrolled(['PAIN-DIARY', 'NOT-AN-INSTRUMENT']))
  expect(await subgraph.prisma.subject.findUnique({ where: { patientId: PATIENT } })).toEqual({
    patientId: PATIENT,
    studyId: STUDY,
    siteId: SITE,
  })
  const diaries = await subgraph.prisma.diaryEnrollment.findMany({
    where: { patientId: PATIENT },
    include: { questionnaire: true },
  })
  expect(
    diaries.map((d) => [
      d.questionnaire.code,
      d.questionnaire.studyId,
      d.startDate.toISOString().slice(0, 10),
      d.timeZone,
    ]),
  ).toEqual([['PAIN-DIARY', STUDY, daysAgo(3), 'UTC']])
  const { body } = await subgraph.post(
    `mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created submission { painScore } } }`,
    {
      input: diaryEntryInput(PATIENT, 4),
    },
  )
  expect(body.errors).toBeUndefined()
  expect(body.data!.submitEproEntry).toEqual({ created: true, submission: { painScore: 4 } })
})

it('changes nothing when the event comes again', async () => {
  const count = async () => ({
    diaries: await subgraph.prisma.diaryEnrollment.count({ where: { patientId: PATIENT } }),
    questionnaires: await subgraph.prisma.questionnaire.count({ where: { studyId: STUDY } }),
    audit: await subgraph.prisma.auditEvent.count({ where: { entityType: 'DiaryEnrollment' } }),
  })
  const before = await count()
  expect(before).toEqual({ diaries: 1, questionnaires: 1, audit: 1 })
  await register(enrolled(['PAIN-DIARY']))
  await register(enrolled(['PAIN-DIARY']))
  expect(await count()).toEqual(before)
})

it('ends the diary on the day a subject is withdrawn, once', async () => {
  const withdrawn = subjectEventMessage({
    type: 'SubjectWithdrawn',
    patientId: PATIENT,
    studyId: STUDY,
    siteId: SITE,
    withdrawnOn: daysAgo(2),
  })
  await register(withdrawn)
  await register(withdrawn) // redelivered: nothing left to end
  const [diary] = await subgraph.prisma.diaryEnrollment.findMany({ where: { patientId: PATIENT } })
  expect(diary!.endDate!.toISOString().slice(0, 10)).toBe(daysAgo(2))
  expect(await subgraph.prisma.auditEvent.count({ where: { entityType: 'DiaryEnrollment', field: 'endDate' } })).toBe(1)
  // Yesterday is after the withdrawal: the entry is refused.
  const { body } = await subgraph.post(
    `mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created } }`,
    { input: diaryEntryInput(PATIENT, 2) },
  )
  expect(body.errors![0]!.extensions!.code).toBe('EPRO_NOT_ACTIVE')
})
