import crypto from 'node:crypto'
import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import type { PatientsBackground } from '../enrollment/patientsBackground'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { eventually } from '../../../test/support/eventually'
import { STUDIES_REPLIES_TOPIC } from '../../../contracts/enrollmentSaga'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'
import { createInProcessBus } from '../../../subgraph-runtime/events/inProcessBus'
import { playParticipants, type Script } from './scriptedParticipants'
import { crc, investigator, monitor, otherSiteCrc, screenerOf, seedSites } from './screeningFixture'

// The enrollment orchestrator on real Postgres, with studies and inventory played by the test on
// the same (in-process) bus: each subject's participants answer as the test tells them to.
const ENROLL = `mutation($id: ID!, $wait: Int) { enrollPatient(patientId: $id, waitForOutcomeMs: $wait) {
  enrollmentStatus enrollmentDate
  visits { visitNumber name visitType scheduledDate windowStart windowEnd status }
  enrollment { attempt state kitNumber randomizationNumber failure { code message } steps { name status } history { from to cause } }
} }`

let subgraph: SubgraphUnderTest<PatientsPrisma, PatientsBackground>
let participants: ReturnType<typeof playParticipants>

const screen = (...args: Parameters<ReturnType<typeof screenerOf>>) => screenerOf(subgraph)(...args)

async function screened(script: Script): Promise<string> {
  const body = await screen()
  expect(body.errors).toBeUndefined()
  const id = body.data!.screenPatient.id as string
  participants.scripts.set(id, script)
  return id
}

const enroll = async (id: string, identity = crc, wait = 8000) =>
  (await subgraph.post(ENROLL, { id, wait }, {}, identity)).body

beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(patientsSubgraph, seedSites, { eventBus: createInProcessBus() }, crc)
  participants = playParticipants(subgraph.background!.bus)
  await participants.subscriptions
})
afterAll(async () => {
  await subgraph?.stop()
})

describe('enrollment saga', () => {
  it('enrolls: slot, kit, confirmation, then the visits from the schedule with their windows', async () => {
    const id = await screened({ slot: 'reserve', kit: 'allocate' })
    const body = await enroll(id)
    expect(body.errors).toBeUndefined()
    const p = body.data!.enrollPatient
    expect(p.enrollment).toEqual({
      attempt: 1,
      state: 'ENROLLED',
      kitNumber: 'K-000123',
      randomizationNumber: 'R-0007',
      failure: null,
      steps: [
        { name: 'ENROLLMENT_SLOT', status: 'CONFIRMED' },
        { name: 'KIT_ALLOCATION', status: 'HELD' },
      ],
      history: [
        { from: null, to: 'RESERVING_SLOT', cause: 'enrollPatient' },
        { from: 'RESERVING_SLOT', to: 'ALLOCATING_KIT', cause: 'SlotReserved' },
        { from: 'ALLOCATING_KIT', to: 'CONFIRMING_SLOT', cause: 'KitAllocated' },
        { from: 'CONFIRMING_SLOT', to: 'ENROLLED', cause: 'SlotConfirmed' },
      ],
    })
    expect(p.enrollmentStatus).toBe('ENROLLED')
    const day0 = p.enrollmentDate as string
    const plus = (days: number) =>
      new Date(Date.parse(`${day0}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    expect(p.visits).toEqual([
      {
        visitNumber: 1,
        name: 'Screening',
        visitType: 'SCREENING',
        scheduledDate: expect.any(String),
        windowStart: null,
        windowEnd: null,
        status: 'COMPLETED',
      },
      {
        visitNumber: 2,
        name: 'Baseline (Day 1)',
        visitType: 'BASELINE',
        scheduledDate: day0,
        windowStart: day0,
        windowEnd: day0,
        status: 'SCHEDULED',
      },
      {
        visitNumber: 3,
        name: 'Week 2',
        visitType: 'TREATMENT',
        scheduledDate: plus(14),
        windowStart: plus(11),
        windowEnd: plus(17),
        status: 'SCHEDULED',
      },
      {
        visitNumber: 4,
        name: 'Follow-up',
        visitType: 'FOLLOW_UP',
        scheduledDate: plus(28),
        windowStart: plus(21),
        windowEnd: plus(35),
        status: 'SCHEDULED',
      },
    ])
    // The subject's other contexts learn of it from the outbox, with its visits and never an arm.
    const events = await subgraph.prisma.outboxEvent.findMany({ where: { key: id }, orderBy: { sequence: 'asc' } })
    expect(events.map((e) => e.eventType)).toEqual([
      'ReserveEnrollmentSlot',
      'RandomizeAndAllocateKit',
      'ConfirmEnrollmentSlot',
      'SubjectEnrolled',
    ])
    expect(events[3]!.payload).toMatchObject({ patientId: id, enrollmentDate: day0, timeZone: 'Europe/Berlin' })
    const audit = await subgraph.prisma.auditEvent.findMany({
      where: { entityId: id, field: 'enrollmentStatus' },
      orderBy: { sequence: 'asc' },
    })
    expect(audit.map((a) => [a.oldValue, a.newValue])).toEqual([
      ['SCREENING', 'ENROLLING'],
      ['ENROLLING', 'ENROLLED'],
    ])
    // Enrolled is final: a second call is refused, nothing changes.
    expect((await enroll(id)).errors![0]!.extensions).toMatchObject({
      code: 'ENROLLMENT_NOT_ALLOWED',
      enrollmentStatus: 'ENROLLED',
    })
  })

  it('fails at once when the slot is refused (nothing held), and can be tried again', async () => {
    const id = await screened({ slot: { refuse: 'SITE_CAP_REACHED' }, kit: 'allocate' })
    const failed = (await enroll(id)).data!.enrollPatient
    expect(failed.enrollmentStatus).toBe('ENROLLMENT_FAILED')
    expect(failed.enrollment).toMatchObject({
      state: 'FAILED',
      failure: { code: 'SITE_CAP_REACHED', message: expect.stringContaining('cap') },
      steps: [
        { name: 'ENROLLMENT_SLOT', status: 'REFUSED' },
        { name: 'KIT_ALLOCATION', status: 'NOT_STARTED' },
      ],
    })
    participants.scripts.set(id, { slot: 'reserve', kit: 'allocate' })
    const retried = (await enroll(id)).data!.enrollPatient
    expect(retried.enrollment).toMatchObject({ attempt: 2, state: 'ENROLLED' })
  })

  it('releases the slot when no kit can be allocated, and is FAILED only once the release is acknowledged', async () => {
    const id = await screened({ slot: 'reserve', kit: { refuse: 'NO_KIT_AVAILABLE' } })
    const failed = (await enroll(id)).data!.enrollPatient
    expect(failed.enrollment).toMatchObject({
      state: 'FAILED',
      failure: { code: 'NO_KIT_AVAILABLE' },
      steps: [
        { name: 'ENROLLMENT_SLOT', status: 'RELEASED' },
        { name: 'KIT_ALLOCATION', status: 'REFUSED' },
      ],
      history: [
        { from: null, to: 'RESERVING_SLOT', cause: 'enrollPatient' },
        { from: 'RESERVING_SLOT', to: 'ALLOCATING_KIT', cause: 'SlotReserved' },
        { from: 'ALLOCATING_KIT', to: 'COMPENSATING', cause: 'AllocationRefused' },
        { from: 'COMPENSATING', to: 'FAILED', cause: 'SlotReleased' },
      ],
    })
    expect(JSON.stringify(failed)).not.toMatch(/\barm\b/i)
    const told = participants.received.filter((m) => m.key === id).map((m) => m.type)
    expect(told).toEqual(['ReserveEnrollmentSlot', 'RandomizeAndAllocateKit', 'ReleaseEnrollmentSlot'])
  })

  it('changes nothing when a reply is delivered again', async () => {
    const id = await screened({ slot: 'silent', kit: 'allocate' })
    expect((await enroll(id, crc, 0)).data!.enrollPatient.enrollment.state).toBe('RESERVING_SLOT')
    const saga = await subgraph.prisma.enrollmentSaga.findFirstOrThrow({ where: { patientId: id } })
    const reply: BusMessage = {
      id: crypto.randomUUID(),
      topic: STUDIES_REPLIES_TOPIC,
      key: id,
      type: 'SlotReserved',
      payload: { sagaId: saga.id, patientId: id },
      occurredAt: new Date().toISOString(),
    }
    await subgraph.background!.bus.publish([reply])
    expect(
      await eventually(
        async () => (await subgraph.prisma.enrollmentSaga.findUniqueOrThrow({ where: { id: saga.id } })).state,
        (s) => s === 'ENROLLED',
        20_000,
      ),
    ).toBe('ENROLLED')
    const transitions = await subgraph.prisma.enrollmentSagaTransition.count({ where: { sagaId: saga.id } })
    // The same message again, then a late duplicate under a new id: one key's messages are handled
    // in order, so once the second is consumed the first was too.
    const late = { ...reply, id: crypto.randomUUID() }
    await subgraph.background!.bus.publish([reply, late])
    expect(
      await eventually(
        () => subgraph.prisma.consumedEvent.count({ where: { eventId: late.id } }),
        (n) => n === 1,
        20_000,
      ),
    ).toBe(1)
    expect(await subgraph.prisma.consumedEvent.count({ where: { eventId: reply.id } })).toBe(1)
    expect(await subgraph.prisma.enrollmentSagaTransition.count({ where: { sagaId: saga.id } })).toBe(transitions)
  })

  it('starts one saga when the same subject is enrolled twice at once', async () => {
    const id = await screened({ slot: 'reserve', kit: 'allocate' })
    const [a, b] = await Promise.all([enroll(id, crc, 0), enroll(id, investigator, 0)])
    expect(a.errors ?? b.errors).toBeUndefined()
    expect(
      await eventually(
        async () => (await subgraph.prisma.patient.findUniqueOrThrow({ where: { id } })).enrollmentStatus,
        (s) => s === 'ENROLLED',
        20_000,
      ),
    ).toBe('ENROLLED')
    expect(await subgraph.prisma.enrollmentSaga.count({ where: { patientId: id } })).toBe(1)
  })

  it('lets only site staff of the subject start it', async () => {
    const id = await screened({ slot: 'reserve', kit: 'allocate' })
    expect((await enroll(id, monitor)).errors![0]!.extensions!.code).toBe('FORBIDDEN')
    expect((await enroll(id, otherSiteCrc)).errors![0]!.extensions!.code).toBe('FORBIDDEN')
    expect(await subgraph.prisma.enrollmentSaga.count({ where: { patientId: id } })).toBe(0)
  })
})
