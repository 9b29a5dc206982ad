import { labsSubgraph } from '../subgraph'
import type { LabsPrisma } from '../data/prismaClient'
import { createLabResultLoaders } from '../data/labResultLoaders'
import { createPatientLabLoaders } from '../data/patientLabLoaders'
import type { PatientLabQuery } from '../data/models'
import { requestWork } from '../../../subgraph-runtime/database/requestWork'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { cohortPatientIds, PATIENT_ANNA, PATIENT_BEN, PATIENT_CARA, PATIENT_DAN, seedLabFixtures } from './labFixtures'

// Differential: the full view's two lab loaders read past Prisma's query API (directReads.ts); the
// same questions asked through Prisma's own findMany and count must give the same rows — same
// order, same values, same JavaScript types (Date, number, null) — for every argument combination.
const COHORT = cohortPatientIds(12)
let labs: SubgraphUnderTest<LabsPrisma>

beforeAll(async () => {
  labs = await startSubgraphUnderTest(labsSubgraph, (prisma) => seedLabFixtures(prisma, COHORT))
})
afterAll(() => labs?.stop())

const loaders = () => createPatientLabLoaders(labs.prisma, createLabResultLoaders(labs.prisma).labResultById)

/** What `Patient.labResults` means, through Prisma's query API. */
const throughPrisma = ({ patientId, first, abnormalOnly, loincCode }: PatientLabQuery) =>
  labs.prisma.labResult.findMany({
    where: { patientId, ...(abnormalOnly ? { abnormalFlag: { not: 'N' } } : {}), ...(loincCode ? { loincCode } : {}) },
    orderBy: [{ collectedAt: 'desc' }, { id: 'asc' }],
    take: first,
  })

const PATIENTS = [PATIENT_ANNA, PATIENT_BEN, PATIENT_CARA, PATIENT_DAN, ...COHORT]
const QUERIES: PatientLabQuery[] = PATIENTS.flatMap((patientId) =>
  [1, 3, 50].flatMap((first) =>
    [false, true].flatMap((abnormalOnly) =>
      [null, '718-7'].map((loincCode) => ({ patientId, first, abnormalOnly, loincCode })),
    ),
  ),
)

it('Patient.labResults: the same rows as Prisma findMany, for every patient and argument, in one batch', async () => {
  const { patientLabResults } = loaders()
  const direct = await Promise.all(QUERIES.map((query) => patientLabResults.load(query)))
  const prisma = await Promise.all(QUERIES.map(throughPrisma))
  expect(direct.flat().length).toBeGreaterThan(100) // the comparison compares something
  expect(direct).toEqual(prisma)
  expect(direct.flat()[0]!.collectedAt).toBeInstanceOf(Date)
})

it('Patient.abnormalLabCount: the same counts as Prisma count, 0 for a patient without results', async () => {
  const direct = await Promise.all(PATIENTS.map((id) => loaders().abnormalLabCount.load(id)))
  const prisma = await Promise.all(
    PATIENTS.map((patientId) => labs.prisma.labResult.count({ where: { patientId, abnormalFlag: { not: 'N' } } })),
  )
  expect(direct).toEqual(prisma)
  expect(direct.some((count) => count > 0)).toBe(true)
  expect(direct[PATIENTS.indexOf(PATIENT_DAN)]).toBe(0)
})

it('counts its statements like Prisma does: one per loader batch', async () => {
  labs.statements.reset()
  const { patientLabResults, abnormalLabCount } = loaders()
  // As a request's work (the count leaves background statements out).
  await requestWork.run({ signal: new AbortController().signal, budgetMs: 10_000 }, () =>
    Promise.all([
      ...QUERIES.map((query) => patientLabResults.load(query)),
      ...PATIENTS.map((id) => abnormalLabCount.load(id)),
    ]),
  )
  expect(labs.statements.count).toBe(2)
})
