import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import type { PatientsBackground } from '../enrollment/patientsBackground'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'
import { studyEventMessage } from '../../../test/support/subjectEvents'
import type { StudySiteSnapshot } from '../../../contracts/studyEvents'
import { createInProcessBus } from '../../../subgraph-runtime/events/inProcessBus'

// A site set up through studies' API becomes a place to screen subjects once studies says it is
// active, from studies.study.v1 alone (no seed): added, then activated, then on hold.
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
const publish = (type: 'SiteAdded' | 'SiteActivated' | 'SiteCapChanged', status: StudySiteSnapshot['status']) => {
  const message = studyEventMessage({ type, studyId: STUDY, site: site(status) })
  return subgraph.background!.bus.publish([message]).then(() => message)
}
const screen = async () =>
  (
    await subgraph.post(
      `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { subjectNumber enrollmentStatus } }`,
      {
        input: {
          siteId: SITE,
          yearOfBirth: 1980,
          sex: 'MALE',
          eligibility: [{ code: 'IN-1', kind: 'INCLUSION', met: true }],
        },
      },
      {},
      crc,
    )
  ).body
const registry = () => subgraph.prisma.siteRegistry.findUnique({ where: { siteId: SITE } })

it('learns a new site from studies, screens there once it is active, and redelivery changes nothing', async () => {
  // Unknown site: refused as any site outside the caller's reach.
  expect((await screen()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')

  await publish('SiteAdded', 'PENDING_ACTIVATION')
  await eventually(registry, (row) => row !== null, 30_000)
  expect((await screen()).errors?.[0]?.extensions?.code).toBe('SITE_NOT_OPEN_FOR_SCREENING')

  const activated = await publish('SiteActivated', 'ACTIVE')
  await eventually(registry, (row) => row?.active === true, 30_000)
  const first = await screen()
  expect(first.errors).toBeUndefined()
  expect(first.data!.screenPatient).toEqual({ subjectNumber: 'NEW-7-801-0001', enrollmentStatus: 'SCREENING' })

  // A redelivered activation and a later snapshot keep the site's numbering: numbers never repeat.
  await subgraph.background!.bus.publish([activated])
  await publish('SiteCapChanged', 'ACTIVE')
  await eventually(
    () => subgraph.prisma.consumedEvent.count({ where: { consumerGroup: 'patients-study-registry' } }),
    (n) => n === 3,
    30_000,
  )
  expect(await registry()).toMatchObject({ protocolId: 'NEW-7', siteNumber: '801', timeZone: 'America/Chicago' })
  expect((await screen()).data!.screenPatient.subjectNumber).toBe('NEW-7-801-0002')

  await publish('SiteCapChanged', 'ON_HOLD')
  await eventually(registry, (row) => row?.active === false, 30_000)
  expect((await screen()).errors?.[0]?.extensions?.code).toBe('SITE_NOT_OPEN_FOR_SCREENING')
})
