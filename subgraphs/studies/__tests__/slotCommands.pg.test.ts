import crypto from 'node:crypto'
import { studiesSubgraph } from '../subgraph'
import type { StudiesPrisma } from '../data/prismaClient'
import { slotCommandHandler } from '../enrollment/slotCommands'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { createInProcessBus } from '../../../subgraph-runtime/events/inProcessBus'
import { createLogger } from '../../../platform/logging/logger'
import { STUDIES_COMMANDS_TOPIC } from '../../../contracts/enrollmentSaga'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'

// The slot participant of the enrollment saga on real Postgres: the cap and the target hold under
// concurrent reservations, every command is idempotent, a release that overtakes its reservation
// leaves a tombstone, and the confirmation carries the study's schedule.
const id = (n: number) => `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`
const STUDY = id(1)
const SMALL_STUDY = id(2)
const SITE = id(11)
const PENDING_SITE = id(12)
const SMALL_SITE = id(13)

async function seed(prisma: StudiesPrisma) {
  const study = (uid: string, protocolId: string, plannedEnrollment: number) => ({
    id: uid,
    protocolId,
    title: protocolId,
    shortTitle: protocolId,
    phase: 'PHASE_3' as const,
    status: 'RECRUITING' as const,
    sponsorName: 'Example Pharma',
    therapeuticArea: 'Oncology',
    plannedEnrollment,
  })
  await prisma.study.createMany({ data: [study(STUDY, 'SLOT-1', 100), study(SMALL_STUDY, 'SLOT-2', 3)] })
  const site = (
    uid: string,
    studyId: string,
    siteNumber: string,
    cap: number,
    status: 'ACTIVE' | 'PENDING_ACTIVATION',
  ) => ({
    id: uid,
    studyId,
    siteNumber,
    name: `Site ${siteNumber}`,
    city: 'Berlin',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    enrollmentTarget: cap,
    enrollmentCap: cap,
    status,
  })
  await prisma.site.createMany({
    data: [
      site(SITE, STUDY, '101', 10, 'ACTIVE'),
      site(PENDING_SITE, STUDY, '102', 10, 'PENDING_ACTIVATION'),
      site(SMALL_SITE, SMALL_STUDY, '201', 5, 'ACTIVE'),
    ],
  })
  await prisma.visitDefinition.createMany({
    data: [
      {
        id: id(31),
        studyId: STUDY,
        code: 'W4',
        name: 'Week 4',
        visitType: 'TREATMENT',
        dayOffset: 28,
        windowBeforeDays: 3,
        windowAfterDays: 3,
        ordinal: 2,
        formOids: ['F.VS'],
        questionnaireCodes: ['PAIN-DIARY'],
      },
      {
        id: id(32),
        studyId: STUDY,
        code: 'BL',
        name: 'Baseline',
        visitType: 'BASELINE',
        dayOffset: 0,
        windowBeforeDays: 0,
        windowAfterDays: 0,
        ordinal: 1,
        formOids: ['F.VS'],
        questionnaireCodes: ['PAIN-DIARY'],
      },
    ],
  })
}

let subgraph: SubgraphUnderTest<StudiesPrisma>
let handle: (message: BusMessage) => Promise<void>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(studiesSubgraph, seed, { eventBus: createInProcessBus() })
  handle = slotCommandHandler(subgraph.prisma, createLogger('studies', { LOG_LEVEL: 'silent' }))
})
afterAll(async () => {
  await subgraph?.stop()
})

const command = (type: string, sagaId: string, extra: object = {}): BusMessage => ({
  id: crypto.randomUUID(),
  topic: STUDIES_COMMANDS_TOPIC,
  key: `patient-of-${sagaId}`,
  type,
  payload: { sagaId, patientId: crypto.randomUUID(), ...extra },
  occurredAt: new Date().toISOString(),
})
const reserve = (sagaId: string, siteId = SITE, studyId = STUDY) =>
  command('ReserveEnrollmentSlot', sagaId, { studyId, siteId })
const release = (sagaId: string, siteId = SITE, studyId = STUDY) =>
  command('ReleaseEnrollmentSlot', sagaId, { studyId, siteId, reasonCode: 'ENROLLMENT_ABANDONED' })
const replies = async (sagaId: string) =>
  (await subgraph.prisma.outboxEvent.findMany({ orderBy: { sequence: 'asc' } }))
    .filter((e) => (e.payload as { sagaId: string }).sagaId === sagaId)
    .map((e) => ({ type: e.eventType, code: (e.payload as { code?: string }).code }))

/** The counters agree with the reservations: the invariant every test ends on. */
async function counters(siteId: string, studyId: string) {
  const [site, study] = await Promise.all([
    subgraph.prisma.site.findUniqueOrThrow({ where: { id: siteId } }),
    subgraph.prisma.study.findUniqueOrThrow({ where: { id: studyId } }),
  ])
  const held = (where: object) =>
    subgraph.prisma.slotReservation.count({ where: { status: { in: ['RESERVED', 'CONFIRMED'] }, ...where } })
  const confirmed = (where: object) =>
    subgraph.prisma.slotReservation.count({ where: { status: 'CONFIRMED', ...where } })
  expect([site.slotsTaken, site.enrolledCount]).toEqual([await held({ siteId }), await confirmed({ siteId })])
  expect([study.slotsTaken, study.enrolledCount]).toEqual([await held({ studyId }), await confirmed({ studyId })])
  return { site: site.slotsTaken, siteEnrolled: site.enrolledCount, study: study.slotsTaken }
}

it('gives exactly the cap when 30 reservations race for a site of 10', async () => {
  const sagas = Array.from({ length: 30 }, () => crypto.randomUUID())
  await Promise.all(sagas.map((s) => handle(reserve(s))))
  const outcomes = (await Promise.all(sagas.map(replies))).map((r) => r.map((x) => x.code ?? x.type).join())
  expect(outcomes.filter((o) => o === 'SlotReserved')).toHaveLength(10)
  expect(outcomes.filter((o) => o === 'SITE_CAP_REACHED')).toHaveLength(20)
  expect(await counters(SITE, STUDY)).toEqual({ site: 10, siteEnrolled: 0, study: 10 })
})

it('answers a repeated command the same and changes nothing; releases once', async () => {
  const [held] = await subgraph.prisma.slotReservation.findMany({
    where: { siteId: SITE, status: 'RESERVED' },
    take: 1,
  })
  const sagaId = held!.sagaId
  const message = reserve(sagaId)
  await handle(message)
  await handle(message) // the same message again: claimed already
  await handle(release(sagaId))
  await handle(release(sagaId)) // asked again after a timeout: a new message, the same answer
  expect(await replies(sagaId)).toEqual([{ type: 'SlotReserved' }, { type: 'SlotReleased' }])
  expect(await counters(SITE, STUDY)).toEqual({ site: 9, siteEnrolled: 0, study: 9 })
  const trail = await subgraph.prisma.auditEvent.findMany({ where: { entityId: sagaId }, orderBy: { sequence: 'asc' } })
  expect(trail.map((a) => [a.oldValue, a.newValue, a.actorRole])).toEqual([
    [null, 'RESERVED', 'SYSTEM'],
    ['RESERVED', 'RELEASED', 'SYSTEM'],
  ])
})

it('confirms with the study schedule in order and the site time zone, once', async () => {
  const sagaId = crypto.randomUUID()
  await handle(reserve(sagaId))
  await handle(command('ConfirmEnrollmentSlot', sagaId))
  await handle(command('ConfirmEnrollmentSlot', sagaId))
  const events = (await subgraph.prisma.outboxEvent.findMany({ orderBy: { sequence: 'asc' } })).filter(
    (e) => (e.payload as { sagaId: string }).sagaId === sagaId,
  )
  expect(events.map((e) => e.eventType)).toEqual(['SlotReserved', 'SlotConfirmed'])
  expect(events[1]!.payload).toMatchObject({
    siteTimeZone: 'Europe/Berlin',
    visitSchedule: [
      { code: 'BL', visitType: 'BASELINE', dayOffset: 0, questionnaireCodes: ['PAIN-DIARY'] },
      { code: 'W4', visitType: 'TREATMENT', dayOffset: 28, windowBeforeDays: 3, windowAfterDays: 3 },
    ],
  })
  expect(await counters(SITE, STUDY)).toEqual({ site: 10, siteEnrolled: 1, study: 10 })
  // After the pivot a release is refused: nothing moves, nothing is answered.
  await handle(release(sagaId))
  expect(await counters(SITE, STUDY)).toEqual({ site: 10, siteEnrolled: 1, study: 10 })
  expect((await replies(sagaId)).map((r) => r.type)).toEqual(['SlotReserved', 'SlotConfirmed'])
})

it('refuses a reservation that arrives after its release (tombstone), without taking a slot', async () => {
  const sagaId = crypto.randomUUID()
  await handle(release(sagaId, PENDING_SITE))
  await handle(reserve(sagaId, PENDING_SITE))
  expect(await replies(sagaId)).toEqual([{ type: 'SlotReleased' }, { type: 'SlotRefused', code: 'SAGA_CANCELLED' }])
  expect((await counters(PENDING_SITE, STUDY)).site).toBe(0)
})

it('names why: a site not active, a study at its target (the site slot given back)', async () => {
  const pending = crypto.randomUUID()
  await handle(reserve(pending, PENDING_SITE))
  expect(await replies(pending)).toEqual([{ type: 'SlotRefused', code: 'SITE_NOT_ACTIVE' }])
  const sagas = Array.from({ length: 5 }, () => crypto.randomUUID())
  await Promise.all(sagas.map((s) => handle(reserve(s, SMALL_SITE, SMALL_STUDY))))
  const codes = (await Promise.all(sagas.map(replies))).map((r) => r[0]!.code ?? r[0]!.type).sort()
  expect(codes).toEqual([
    'STUDY_TARGET_REACHED',
    'STUDY_TARGET_REACHED',
    'SlotReserved',
    'SlotReserved',
    'SlotReserved',
  ])
  expect(await counters(SMALL_SITE, SMALL_STUDY)).toEqual({ site: 3, siteEnrolled: 0, study: 3 })
})
