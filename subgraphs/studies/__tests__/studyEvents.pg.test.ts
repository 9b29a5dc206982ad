import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { STUDIES_STUDY_TOPIC } from '../../../contracts/studyEvents'
import type { StudiesPrisma } from '../data/prismaClient'
import { studiesSubgraph } from '../subgraph'
import { newSite, seedStudiesFixture, studyDefinition } from './studiesFixture'

// Set-up changes reach the other contexts as studies.study.v1 events written with the change:
// one event per committed change, none for a refused or no-op one, each site event the whole site.
let subgraph: SubgraphUnderTest<StudiesPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(studiesSubgraph, seedStudiesFixture)
})
afterAll(() => subgraph?.stop())

const manager = identityWith({ role: 'STUDY_MANAGER', studyId: null })
const post = async (query: string, variables: Record<string, unknown>) => {
  const { body } = await subgraph.post(query, variables, {}, manager)
  expect(body.errors).toBeUndefined()
  return body.data as Record<string, any>
}
const eventsOf = (studyId: string) =>
  subgraph.prisma.outboxEvent.findMany({
    where: { topic: STUDIES_STUDY_TOPIC, key: studyId },
    orderBy: { sequence: 'asc' },
  })

it('publishes the study, its sites and their changes, in order, once each', async () => {
  const input = studyDefinition('EVT-1')
  const { createStudy: study } = await post(
    `mutation($input: CreateStudyInput!) { createStudy(input: $input) { id } }`,
    { input },
  )
  const { addSite: site } = await post(`mutation($input: AddSiteInput!) { addSite(input: $input) { id } }`, {
    input: newSite(study.id, '701', 4),
  })
  const activate = `mutation($id: ID!) { activateSite(siteId: $id) { id } }`
  await post(activate, { id: site.id })
  await post(activate, { id: site.id }) // already active: no change, no event
  const cap = `mutation($id: ID!, $cap: Int!) { setSiteEnrollmentCap(siteId: $id, cap: $cap, reason: "More referrals") { id } }`
  await post(cap, { id: site.id, cap: 6 })
  await post(cap, { id: site.id, cap: 6 }) // same cap: no event
  await post(
    `mutation($id: ID!) { updateStudyStatus(studyId: $id, status: RECRUITING, reason: "First site open") { id } }`,
    {
      id: study.id,
    },
  )
  // Refused (a duplicate site number): nothing stored, nothing published.
  const refused = await subgraph.post(
    `mutation($input: AddSiteInput!) { addSite(input: $input) { id } }`,
    { input: newSite(study.id, '701') },
    {},
    manager,
  )
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('SITE_NUMBER_TAKEN')

  const events = await eventsOf(study.id)
  expect(events.map((e) => e.eventType)).toEqual([
    'StudyDefined',
    'SiteAdded',
    'SiteActivated',
    'SiteCapChanged',
    'StudyStatusChanged',
  ])
  expect(events[0]!.payload).toMatchObject({
    type: 'StudyDefined',
    studyId: study.id,
    protocolId: 'EVT-1',
    status: 'NOT_YET_RECRUITING',
    arms: [
      { armId: expect.any(String), code: 'ACTIVE', name: 'Active 10 mg', allocationRatio: 2 },
      { armId: expect.any(String), code: 'PBO', name: 'Placebo', allocationRatio: 1 },
    ],
    visitSchedule: input.visitSchedule.map((v) => ({ ...v })),
    eligibilityCriteria: [
      { code: 'IN-01', kind: 'INCLUSION' },
      { code: 'EX-01', kind: 'EXCLUSION' },
    ],
    blockMultipliers: [2, 3],
  })
  const siteOf = (i: number) => (events[i]!.payload as { site: Record<string, unknown> }).site
  expect(siteOf(1)).toEqual({
    siteId: site.id,
    studyId: study.id,
    protocolId: 'EVT-1',
    siteNumber: '701',
    name: 'Site 701',
    timeZone: 'Europe/Paris',
    enrollmentCap: 4,
    status: 'PENDING_ACTIVATION',
  })
  expect(siteOf(2)).toMatchObject({ status: 'ACTIVE', enrollmentCap: 4 })
  expect(siteOf(3)).toMatchObject({ status: 'ACTIVE', enrollmentCap: 6 })
  expect(events[4]!.payload).toEqual({ type: 'StudyStatusChanged', studyId: study.id, status: 'RECRUITING' })
})

it('answers a retried createStudy with the study it made, publishing and auditing it once', async () => {
  const input = studyDefinition('EVT-2')
  const create = `mutation($input: CreateStudyInput!) { createStudy(input: $input) { id } }`
  const first = (await post(create, { input })).createStudy.id
  const again = (await post(create, { input: { ...input, title: `  ${input.title} ` } })).createStudy.id
  expect(again).toBe(first)
  expect((await eventsOf(first)).map((e) => e.eventType)).toEqual(['StudyDefined'])
  expect(await subgraph.prisma.auditEvent.count({ where: { entityId: first } })).toBe(1)
  // Another definition under the same protocol id is not a retry.
  const other = await subgraph.post(create, { input: { ...input, enrollmentTarget: 41 } }, {}, manager)
  expect(other.body.errors?.[0]?.extensions?.code).toBe('PROTOCOL_ID_TAKEN')
})
