import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import { createPatientLoaders } from '../data/patientLoaders'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'

// Differential: the patient and its visits, read in every full view and dashboard, go past Prisma's
// query API (directReads.ts); Prisma's own findMany must give the same rows — same values, same
// JavaScript types (Date for days and timestamps, enums as strings, eligibility parsed, nulls) —
// for rows that fill every column and rows that leave the optional ones empty.
const STUDY = '57000000-0000-4000-8000-000000000001'
const SITE = '5a000000-0000-4000-8000-00000000000a'
const id = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
const PATIENTS = Array.from({ length: 12 }, (_, i) => id('9a', i + 1))
const SUBJECT_NUMBERS = PATIENTS.map((_, i) => `ONC-3017-101-${String(i + 1).padStart(4, '0')}`)

async function seed(prisma: PatientsPrisma) {
  await prisma.patient.createMany({
    data: PATIENTS.map((patientId, i) => ({
      id: patientId,
      subjectNumber: SUBJECT_NUMBERS[i]!,
      studyId: STUDY,
      siteId: SITE,
      enrollmentStatus: (['ENROLLED', 'SCREEN_FAILED', 'WITHDRAWN', 'SCREENING'] as const)[i % 4],
      screeningDate: day('2026-01-05'),
      enrollmentDate: i % 2 ? null : day('2026-01-20'),
      withdrawnOn: i % 4 === 2 ? day('2026-03-01') : null,
      yearOfBirth: 1950 + i,
      sex: (['FEMALE', 'MALE', 'UNKNOWN'] as const)[i % 3],
      enrollingInvestigatorId: i % 3 ? id('1e', i) : null,
      assignedCrcId: i % 2 ? id('c0', i) : null,
      eligibility: i % 3 ? [{ code: 'INC-1', kind: 'INCLUSION', met: true }] : undefined,
    })),
  })
  await prisma.visit.createMany({
    data: PATIENTS.flatMap((patientId, i) =>
      [1, 2, 3].slice(0, 1 + (i % 3)).map((visitNumber) => ({
        id: id('9b', i * 3 + visitNumber),
        patientId,
        visitNumber,
        name: `Visit ${visitNumber}`,
        visitType: (['SCREENING', 'BASELINE', 'TREATMENT'] as const)[visitNumber - 1]!,
        scheduledDate: day(`2026-0${visitNumber}-10`),
        actualDate: visitNumber === 1 ? day('2026-01-11') : null,
        windowStart: visitNumber === 1 ? null : day(`2026-0${visitNumber}-07`),
        windowEnd: visitNumber === 1 ? null : day(`2026-0${visitNumber}-13`),
        status: visitNumber === 1 ? ('COMPLETED' as const) : ('SCHEDULED' as const),
      })),
    ),
  })
}

let patients: SubgraphUnderTest<PatientsPrisma>
beforeAll(async () => {
  patients = await startSubgraphUnderTest(patientsSubgraph, seed)
})
afterAll(() => patients?.stop())

const UNKNOWN = id('9a', 999)

it('patientById and patientBySubjectNumber: the rows Prisma findMany gives, null for an unknown key', async () => {
  const loaders = createPatientLoaders(patients.prisma)
  const byId = await Promise.all([...PATIENTS, UNKNOWN].map((p) => loaders.patientById.load(p)))
  const byNumber = await Promise.all(
    [...SUBJECT_NUMBERS, 'ONC-0000'].map((n) => loaders.patientBySubjectNumber.load(n)),
  )
  const expected = await Promise.all(PATIENTS.map((p) => patients.prisma.patient.findUnique({ where: { id: p } })))
  expect(byId).toEqual([...expected, null])
  expect(byNumber).toEqual([...expected, null])
  expect(byId[0]!.screeningDate).toBeInstanceOf(Date)
  expect(byId[1]!.eligibility).toEqual([{ code: 'INC-1', kind: 'INCLUSION', met: true }])
})

it('visitsByPatient: the rows Prisma findMany gives, in visit order, [] for a patient without visits', async () => {
  const loaders = createPatientLoaders(patients.prisma)
  const visits = await Promise.all([...PATIENTS, UNKNOWN].map((p) => loaders.visitsByPatient.load(p)))
  const expected = await Promise.all(
    PATIENTS.map((patientId) =>
      patients.prisma.visit.findMany({ where: { patientId }, orderBy: { visitNumber: 'asc' } }),
    ),
  )
  expect(visits.flat().length).toBe(24)
  expect(visits).toEqual([...expected, []])
})
