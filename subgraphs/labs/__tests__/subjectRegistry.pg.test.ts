import { labsSubgraph } from '../subgraph'
import type { LabsPrisma } from '../data/prismaClient'
import { registerSubject } from '../events/labsBackground'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import type { SubjectEvent } from '../../../contracts/subjectEvents'
import { subjectEventMessage } from '../../../test/support/subjectEvents'

// A just-enrolled subject: labs knows them from the patients context's event alone, so the full
// view's lab panel answers (no results yet) instead of refusing.
const STUDY = '57000000-0000-4000-8000-0000000000d1'
const SITE = '5a000000-0000-4000-8000-0000000000d1'
const PATIENT = '9a000000-0000-4000-8000-0000000000d1'
const LABS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { labResults { id } } } }`

let subgraph: SubgraphUnderTest<LabsPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    labsSubgraph,
    undefined,
    {},
    identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE }),
  )
})
afterAll(async () => {
  await subgraph?.stop()
})

it('answers for a subject once the enrollment event has registered them, and again changes nothing', async () => {
  const before = await subgraph.post(LABS, { r: [{ __typename: 'Patient', id: PATIENT }] })
  expect(before.body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
  const event: SubjectEvent = {
    type: 'SubjectEnrolled',
    patientId: PATIENT,
    subjectNumber: 'NEW-1-101-0002',
    studyId: STUDY,
    siteId: SITE,
    enrollmentDate: '2026-12-01',
    timeZone: 'UTC',
    visits: [],
  }
  const message = subjectEventMessage(event)
  await registerSubject(subgraph.prisma)(message)
  await registerSubject(subgraph.prisma)(message)
  const after = await subgraph.post(LABS, { r: [{ __typename: 'Patient', id: PATIENT }] })
  expect(after.body.errors).toBeUndefined()
  expect(after.body.data!._entities).toEqual([{ labResults: [] }])
  expect(await subgraph.prisma.subject.count()).toBe(1)
})
