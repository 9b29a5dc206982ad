import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { PATIENTS_SUBJECT_TOPIC } from '../../../contracts/subjectEvents'
import type { Identity } from '../../../contracts/identity'

// Withdrawal: an enrolled subject leaves on a day, with a reason. Visits after the day are
// cancelled, the change is audited and told to the other contexts once; the data stays.
const STUDY = '57000000-0000-4000-8000-0000000000d1'
const SITE = '5a000000-0000-4000-8000-0000000000d1'
const OTHER_SITE = '5a000000-0000-4000-8000-0000000000d2'
const ENROLLED = '9a000000-0000-4000-8000-0000000000d1'
const SCREENING = '9a000000-0000-4000-8000-0000000000d2'
const crc = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })
const otherCrc = identityWith({ role: 'CRC', studyId: STUDY, siteId: OTHER_SITE })
const monitor = identityWith({ role: 'MONITOR', studyId: STUDY })
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
const asDate = (d: string) => new Date(`${d}T00:00:00Z`)

async function seed(prisma: PatientsPrisma) {
  await prisma.siteRegistry.create({
    data: {
      siteId: SITE,
      studyId: STUDY,
      protocolId: 'WD-1',
      siteNumber: '101',
      timeZone: 'UTC',
      active: true,
      lastSubjectSeq: 2,
    },
  })
  const patient = (id: string, n: number, status: 'ENROLLED' | 'SCREENING') => ({
    id,
    subjectNumber: `WD-1-101-000${n}`,
    studyId: STUDY,
    siteId: SITE,
    enrollmentStatus: status,
    screeningDate: asDate(day(-20)),
    enrollmentDate: status === 'ENROLLED' ? asDate(day(-10)) : null,
    yearOfBirth: 1970,
    sex: 'FEMALE' as const,
  })
  await prisma.patient.createMany({ data: [patient(ENROLLED, 1, 'ENROLLED'), patient(SCREENING, 2, 'SCREENING')] })
  const visit = (n: number, offset: number, status: 'COMPLETED' | 'SCHEDULED') => ({
    id: `9b000000-0000-4000-8000-00000000d00${n}`,
    patientId: ENROLLED,
    visitNumber: n,
    name: `Visit ${n}`,
    visitType: n === 1 ? ('BASELINE' as const) : ('TREATMENT' as const),
    scheduledDate: asDate(day(offset)),
    status,
  })
  await prisma.visit.createMany({
    data: [visit(1, -10, 'COMPLETED'), visit(2, -3, 'SCHEDULED'), visit(3, 4, 'SCHEDULED'), visit(4, 18, 'SCHEDULED')],
  })
}

let subgraph: SubgraphUnderTest<PatientsPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(patientsSubgraph, seed, {}, crc)
})
afterAll(() => subgraph?.stop())

const WITHDRAW = `mutation($input: WithdrawPatientInput!) { withdrawPatient(input: $input) {
  enrollmentStatus withdrawnOn visits { visitNumber status } } }`
const withdraw = async (input: Record<string, unknown>, identity: Identity = crc) =>
  (
    await subgraph.post(
      WITHDRAW,
      { input: { patientId: ENROLLED, reason: 'Consent withdrawn', ...input } },
      {},
      identity,
    )
  ).body
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
const outbox = () => subgraph.prisma.outboxEvent.findMany({ where: { topic: PATIENTS_SUBJECT_TOPIC, key: ENROLLED } })

it('refuses what is not a withdrawal, changing nothing', async () => {
  expect(codeOf(await withdraw({ withdrawnOn: day(-1) }, monitor))).toBe('FORBIDDEN')
  expect(codeOf(await withdraw({ withdrawnOn: day(-1) }, otherCrc))).toBe('FORBIDDEN')
  expect(codeOf(await withdraw({ withdrawnOn: day(-1), reason: '  ' }))).toBe('BAD_USER_INPUT')
  expect(codeOf(await withdraw({ withdrawnOn: day(2) }))).toBe('BAD_USER_INPUT')
  expect(codeOf(await withdraw({ withdrawnOn: day(-11) }))).toBe('BAD_USER_INPUT')
  expect(codeOf(await withdraw({ patientId: SCREENING }))).toBe('WITHDRAWAL_NOT_ALLOWED')
  expect(await subgraph.prisma.patient.findUnique({ where: { id: ENROLLED } })).toMatchObject({
    enrollmentStatus: 'ENROLLED',
    withdrawnOn: null,
  })
  expect(await outbox()).toEqual([])
  expect(await subgraph.prisma.auditEvent.count({ where: { entityId: ENROLLED } })).toBe(0)
})

it('withdraws on the day: later visits cancelled, audited with the reason, told once', async () => {
  const body = await withdraw({ withdrawnOn: day(-1) })
  expect(body.errors).toBeUndefined()
  expect(body.data!.withdrawPatient).toEqual({
    enrollmentStatus: 'WITHDRAWN',
    withdrawnOn: day(-1),
    // Done and missed-so-far visits stay as they are; only those after the day are cancelled.
    visits: [
      { visitNumber: 1, status: 'COMPLETED' },
      { visitNumber: 2, status: 'SCHEDULED' },
      { visitNumber: 3, status: 'CANCELLED' },
      { visitNumber: 4, status: 'CANCELLED' },
    ],
  })
  const audit = await subgraph.prisma.auditEvent.findMany({ orderBy: { sequence: 'asc' } })
  expect(audit.map((a) => [a.entityType, a.field, a.newValue, a.reasonForChange, a.actorUserId])).toEqual([
    ['Patient', 'enrollmentStatus', 'WITHDRAWN', 'Consent withdrawn', crc.userId],
    ['Patient', 'withdrawnOn', day(-1), 'Consent withdrawn', crc.userId],
    ['Visit', 'status', 'CANCELLED', 'Subject withdrawn: Consent withdrawn', crc.userId],
    ['Visit', 'status', 'CANCELLED', 'Subject withdrawn: Consent withdrawn', crc.userId],
  ])
  expect((await outbox()).map((e) => e.payload)).toEqual([
    { type: 'SubjectWithdrawn', patientId: ENROLLED, studyId: STUDY, siteId: SITE, withdrawnOn: day(-1) },
  ])

  // Sent again (a retry after a lost answer): the same subject, nothing new.
  expect((await withdraw({ withdrawnOn: day(-1) })).data!.withdrawPatient.withdrawnOn).toBe(day(-1))
  expect(await subgraph.prisma.auditEvent.count()).toBe(4)
  expect(await outbox()).toHaveLength(1)
  // Another day: refused, the recorded day stays.
  const again = await withdraw({ withdrawnOn: day(-2) })
  expect(codeOf(again)).toBe('WITHDRAWAL_NOT_ALLOWED')
  expect(again.errors![0]!.message).toContain(day(-1))
})
