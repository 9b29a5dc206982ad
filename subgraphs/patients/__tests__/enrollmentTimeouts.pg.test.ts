import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import type { PatientsBackground } from '../enrollment/patientsBackground'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'
import { createInProcessBus } from '../../../subgraph-runtime/events/inProcessBus'
import { playParticipants, type Script } from './scriptedParticipants'
import { recruitingStudy } from './registryFixture'

// Participants that do not answer: the sweeper gives up before the pivot (releasing whatever may
// be held), asks again after it, and asks again for releases not acknowledged. The outcomes are
// asserted, not the timing: a slow machine only adds rounds.
const STUDY = '57000000-0000-4000-8000-0000000000b1'
const SITE = '5a000000-0000-4000-8000-0000000000b1'
const crc = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })

let subgraph: SubgraphUnderTest<PatientsPrisma, PatientsBackground>
let participants: ReturnType<typeof playParticipants>
const saved = { ...process.env }

beforeAll(async () => {
  process.env.ENROLLMENT_STEP_TIMEOUT_MS = '2500'
  process.env.ENROLLMENT_SWEEP_INTERVAL_MS = '100'
  subgraph = await startSubgraphUnderTest(
    patientsSubgraph,
    async (prisma) => {
      await prisma.studyRegistry.create({ data: recruitingStudy(STUDY, 'TST-2') })
      await prisma.siteRegistry.create({
        data: {
          siteId: SITE,
          studyId: STUDY,
          protocolId: 'TST-2',
          siteNumber: '401',
          timeZone: 'UTC',
          active: true,
          lastSubjectSeq: 0,
        },
      })
    },
    { eventBus: createInProcessBus() },
    crc,
  )
  participants = playParticipants(subgraph.background!.bus)
  await participants.subscriptions
})
afterAll(async () => {
  process.env = saved
  await subgraph?.stop()
})

async function enrollWith(script: Script) {
  const { body } = await subgraph.post(
    `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id } }`,
    {
      input: {
        siteId: SITE,
        yearOfBirth: 1980,
        sex: 'MALE',
        eligibility: [
          { code: 'IN-1', kind: 'INCLUSION', met: true },
          { code: 'EX-1', kind: 'EXCLUSION', met: false },
        ],
      },
    },
  )
  const id = body.data!.screenPatient.id as string
  participants.scripts.set(id, script)
  await subgraph.post(`mutation($id: ID!) { enrollPatient(patientId: $id) { id } }`, { id })
  return id
}

const outcome = async (id: string) => {
  const settled = await eventually(
    () => subgraph.prisma.enrollmentSaga.findFirstOrThrow({ where: { patientId: id } }),
    (s) => s.state === 'ENROLLED' || s.state === 'FAILED',
    30_000,
  )
  const patient = await subgraph.prisma.patient.findUniqueOrThrow({ where: { id } })
  const told = participants.received.filter((m) => m.key === id).map((m) => m.type)
  return { saga: settled, status: patient.enrollmentStatus, told }
}

it('gives up a slot that never answers, releases it anyway, and fails with PARTICIPANT_TIMEOUT', async () => {
  const { saga, status, told } = await outcome(await enrollWith({ slot: 'silent', kit: 'allocate' }))
  expect([saga.state, saga.slot, saga.kit, saga.failureCode, status]).toEqual([
    'FAILED',
    'RELEASED',
    'NONE',
    'PARTICIPANT_TIMEOUT',
    'ENROLLMENT_FAILED',
  ])
  // A reservation made late would be released by it: the release always goes out.
  expect(told).toContain('ReleaseEnrollmentSlot')
  expect(told).not.toContain('RandomizeAndAllocateKit')
})

it('releases both the slot and a possibly allocated kit when inventory never answers', async () => {
  const { saga, told } = await outcome(await enrollWith({ slot: 'reserve', kit: 'silent' }))
  expect([saga.state, saga.slot, saga.kit, saga.failureCode]).toEqual([
    'FAILED',
    'RELEASED',
    'RELEASED',
    'PARTICIPANT_TIMEOUT',
  ])
  expect(told).toEqual(expect.arrayContaining(['ReleaseKitAllocation', 'ReleaseEnrollmentSlot']))
})

it('after the pivot only goes forward: a lost confirmation is asked for again and the subject enrolled', async () => {
  const { saga, status, told } = await outcome(
    await enrollWith({ slot: 'reserve', kit: 'allocate', confirm: 'ignore-first' }),
  )
  expect([saga.state, status]).toEqual(['ENROLLED', 'ENROLLED'])
  expect(told.filter((t) => t === 'ConfirmEnrollmentSlot').length).toBeGreaterThanOrEqual(2)
  expect(told).not.toContain('ReleaseKitAllocation')
})

it('asks again for a release that was lost, and fails only once it is acknowledged', async () => {
  const { saga, told } = await outcome(
    await enrollWith({ slot: 'reserve', kit: { refuse: 'NO_KIT_AVAILABLE' }, release: 'ignore-first' }),
  )
  expect([saga.state, saga.slot, saga.failureCode]).toEqual(['FAILED', 'RELEASED', 'NO_KIT_AVAILABLE'])
  expect(told.filter((t) => t === 'ReleaseEnrollmentSlot').length).toBeGreaterThanOrEqual(2)
})
