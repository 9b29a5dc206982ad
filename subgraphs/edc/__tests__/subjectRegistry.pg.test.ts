import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { registerSubject } from '../registry/subjectRegistry'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { createLogger } from '../../../platform/logging/logger'
import type { SubjectEvent } from '../../../contracts/subjectEvents'
import { subjectEventMessage } from '../../../test/support/subjectEvents'
import { seedEdcFixtures, SITE_1, STAFF, STUDY } from './edcFixtures'

// A subject enrolled after the EDC was seeded: the patients context's event makes them known,
// with their visits and each visit's forms (not started), so the full view's casebook answers.
const PATIENT = 'a0000000-0000-4000-8000-0000000001e1'
const BASELINE = 'a0000000-0000-4000-8000-0000000011e1'
const WEEK_2 = 'a0000000-0000-4000-8000-0000000011e2'
const FOLLOW_UP = 'a0000000-0000-4000-8000-0000000011e3'

const event: SubjectEvent = {
  type: 'SubjectEnrolled',
  patientId: PATIENT,
  subjectNumber: 'TST-101-0099',
  studyId: STUDY,
  siteId: SITE_1,
  enrollmentDate: '2026-12-01',
  timeZone: 'UTC',
  visits: [
    {
      visitId: BASELINE,
      visitNumber: 2,
      name: 'Baseline',
      visitType: 'BASELINE',
      scheduledDate: '2026-12-01',
      windowStart: '2026-12-01',
      windowEnd: '2026-12-01',
      questionnaireCodes: [],
    },
    {
      visitId: WEEK_2,
      visitNumber: 3,
      name: 'Week 2',
      visitType: 'TREATMENT',
      scheduledDate: '2026-12-15',
      windowStart: '2026-12-12',
      windowEnd: '2026-12-18',
      questionnaireCodes: [],
    },
    {
      visitId: FOLLOW_UP,
      visitNumber: 4,
      name: 'Follow-up',
      visitType: 'FOLLOW_UP',
      scheduledDate: '2026-12-29',
      windowStart: '2026-12-22',
      windowEnd: '2027-01-05',
      questionnaireCodes: [],
    },
  ],
}
const message = subjectEventMessage(event)
const CASEBOOK = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { casebook { status formsComplete formsInProgress } } ... on Visit { forms { formOid status } } } }`

let subgraph: SubgraphUnderTest<EdcPrisma>
const register = () => registerSubject(subgraph.prisma, createLogger('edc', { LOG_LEVEL: 'silent' }))(message)
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, STAFF.crc)
})
afterAll(async () => {
  await subgraph?.stop()
})

it('makes the subject, their visits and each visit’s forms known, once', async () => {
  const entities = [
    { __typename: 'Patient', id: PATIENT },
    ...[BASELINE, WEEK_2, FOLLOW_UP].map((id) => ({ __typename: 'Visit', id })),
  ]
  const before = await subgraph.post(CASEBOOK, { r: entities.slice(0, 1) })
  // Unknown to the EDC: no casebook yet.
  expect(before.body.data!._entities).toEqual([{ casebook: null }])
  await register()
  await register()
  const { body } = await subgraph.post(CASEBOOK, { r: entities })
  expect(body.errors).toBeUndefined()
  expect(body.data!._entities).toEqual([
    { casebook: { status: 'NOT_STARTED', formsComplete: 0, formsInProgress: 0 } },
    { forms: [{ formOid: 'F.VS', status: 'NOT_STARTED' }] },
    { forms: [{ formOid: 'F.VS', status: 'NOT_STARTED' }] },
    // The schedule has no form for follow-up visits: none is made.
    { forms: [] },
  ])
  expect(await subgraph.prisma.formData.count({ where: { patientId: PATIENT } })).toBe(2)
})
