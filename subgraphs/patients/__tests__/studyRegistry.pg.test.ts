import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import type { PatientsBackground } from '../enrollment/patientsBackground'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'
import { studyEventMessage } from '../../../test/support/subjectEvents'
import type { StudyEvent, StudySiteSnapshot, StudyStatusName } from '../../../contracts/studyEvents'
import { createInProcessBus } from '../../../subgraph-runtime/events/inProcessBus'

// A study and site set up through studies' API become a place to screen subjects once studies says
// they recruit, from studies.study.v1 alone (no seed): the protocol's criteria are the ones
// answered; the site is added, then activated, then put on hold; the study recruits, then stops.
const STUDY = '57000000-0000-4000-8000-0000000000b1'
const SITE = '5a000000-0000-4000-8000-0000000000b1'
const crc = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })

let subgraph: SubgraphUnderTest<PatientsPrisma, PatientsBackground>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(patientsSubgraph, async () => {}, { eventBus: createInProcessBus() }, crc)
})
afterAll(() => subgraph?.stop())

const site = (status: StudySiteSnapshot['status']): StudySiteSnapshot => ({
  siteId: SITE,
  studyId: STUDY,
  protocolId: 'NEW-7',
  siteNumber: '801',
  name: 'Site 801',
  timeZone: 'America/Chicago',
  enrollmentCap: 3,
  status,
})
const send = async (event: StudyEvent) => {
  const message = studyEventMessage(event)
  await subgraph.background!.bus.publish([message])
  return message
}
const publish = (type: 'SiteAdded' | 'SiteActivated' | 'SiteCapChanged', status: StudySiteSnapshot['status']) =>
  send({ type, studyId: STUDY, site: site(status) })
const studyStatus = (status: StudyStatusName) => send({ type: 'StudyStatusChanged', studyId: STUDY, status })
const ANSWERS = [
  { code: 'INC-A', kind: 'INCLUSION', met: true },
  { code: 'EXC-A', kind: 'EXCLUSION', met: false },
]
const screen = async (eligibility: object[] = ANSWERS) =>
  (
    await subgraph.post(
      `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { subjectNumber enrollmentStatus } }`,
      {
        input: {
          siteId: SITE,
          yearOfBirth: 1980,
          sex: 'MALE',
          eligibility,
        },
      },
      {},
      crc,
    )
  ).body
const registry = () => subgraph.prisma.siteRegistry.findUnique({ where: { siteId: SITE } })

const registryEvents = () =>
  subgraph.prisma.consumedEvent.count({ where: { consumerGroup: 'patients-study-registry' } })

it('learns a new study and site from studies, screens there while both recruit, and redelivery changes nothing', async () => {
  // Unknown site: refused as any site outside the caller's reach.
  expect((await screen()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  await send({
    type: 'StudyDefined',
    studyId: STUDY,
    protocolId: 'NEW-7',
    status: 'NOT_YET_RECRUITING',
    arms: [],
    visitSchedule: [],
    eligibilityCriteria: [
      { code: 'INC-A', kind: 'INCLUSION' },
      { code: 'EXC-A', kind: 'EXCLUSION' },
    ],
    blockMultipliers: [2],
    lowStockThreshold: 2,
    doNotDispenseDays: 14,
  })

  await publish('SiteAdded', 'PENDING_ACTIVATION')
  await eventually(registry, (row) => row !== null, 30_000)
  expect((await screen()).errors?.[0]?.extensions?.code).toBe('SITE_NOT_OPEN_FOR_SCREENING')

  const activated = await publish('SiteActivated', 'ACTIVE')
  await eventually(registry, (row) => row?.active === true, 30_000)
  // The site is active, the study not yet recruiting.
  expect((await screen()).errors?.[0]?.extensions).toMatchObject({
    code: 'SITE_NOT_OPEN_FOR_SCREENING',
    studyStatus: 'NOT_YET_RECRUITING',
  })
  await studyStatus('RECRUITING')
  await eventually(registryEvents, (n) => n === 4, 30_000)
  // The protocol's criteria, not any: another study's codes are refused.
  const foreign = await screen([
    { code: 'IN-1', kind: 'INCLUSION', met: true },
    { code: 'EXC-A', kind: 'EXCLUSION', met: false },
  ])
  expect(foreign.errors?.[0]?.extensions).toMatchObject({
    code: 'ELIGIBILITY_INVALID',
    problems: ['Criterion "IN-1" is not one of the protocol\'s.', 'Criterion "INC-A" (inclusion) is not answered.'],
  })
  const first = await screen()
  expect(first.errors).toBeUndefined()
  expect(first.data!.screenPatient).toEqual({ subjectNumber: 'NEW-7-801-0001', enrollmentStatus: 'SCREENING' })

  // A redelivered activation and a later snapshot keep the site's numbering: numbers never repeat.
  await subgraph.background!.bus.publish([activated])
  await publish('SiteCapChanged', 'ACTIVE')
  await eventually(registryEvents, (n) => n === 5, 30_000)
  expect(await registry()).toMatchObject({ protocolId: 'NEW-7', siteNumber: '801', timeZone: 'America/Chicago' })
  expect((await screen()).data!.screenPatient.subjectNumber).toBe('NEW-7-801-0002')

  await publish('SiteCapChanged', 'ON_HOLD')
  await eventually(registry, (row) => row?.active === false, 30_000)
  expect((await screen()).errors?.[0]?.extensions?.code).toBe('SITE_NOT_OPEN_FOR_SCREENING')
  await publish('SiteCapChanged', 'ACTIVE')
  await studyStatus('ACTIVE_NOT_RECRUITING')
  await eventually(registryEvents, (n) => n === 8, 30_000)
  expect((await screen()).errors?.[0]?.extensions).toMatchObject({
    code: 'SITE_NOT_OPEN_FOR_SCREENING',
    studyStatus: 'ACTIVE_NOT_RECRUITING',
  })
})
