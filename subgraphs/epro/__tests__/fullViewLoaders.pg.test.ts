import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { eproSubgraph } from '../subgraph'
import type { EproPrisma } from '../data/prismaClient'
import { createSubmissionLoaders } from '../data/submissionLoaders'
import * as f from './fixtures'

// Differential: the full view's diary list and latest entry read past Prisma's query API
// (directReads.ts); the same question asked through Prisma's own findMany must give the same rows —
// same order, same values, same JavaScript types (Date for the diary day and timestamps, parsed
// symptoms) — for every patient and page size. (Compliance, the other such read, has its exact
// numbers checked in epro.pg.test.ts.)
let epro: SubgraphUnderTest<EproPrisma>
beforeAll(async () => {
  epro = await startSubgraphUnderTest(eproSubgraph, f.seedFixtures)
})
afterAll(() => epro?.stop())

const PATIENTS = [f.DAILY_PATIENT, f.WEEKLY_PATIENT, f.FUTURE_PATIENT, f.NO_DIARY_PATIENT, ...f.BULK_PATIENTS]

const throughPrisma = (patientId: string, first: number) =>
  epro.prisma.eproSubmission.findMany({
    where: { patientId },
    orderBy: [{ deviceTimestamp: 'desc' }, { id: 'desc' }],
    take: first,
  })

it('Patient.eproSubmissions and latestEproSubmission: the same rows as Prisma findMany, in one batch', async () => {
  const queries = PATIENTS.flatMap((patientId) => [1, 2, 5, 30].map((first) => ({ patientId, first })))
  const { submissionsByPatient } = createSubmissionLoaders(epro.prisma)
  const direct = await Promise.all(queries.map((query) => submissionsByPatient.load(query)))
  const prisma = await Promise.all(queries.map(({ patientId, first }) => throughPrisma(patientId, first)))
  expect(direct.flat().length).toBeGreaterThan(50) // the comparison compares something
  expect(direct).toEqual(prisma)
  const [row] = direct.flat()
  expect(row!.entryDate).toBeInstanceOf(Date)
  expect(row!.symptoms).toEqual(expect.any(Array))
})

it('primes the single-entry loader with the rows it read', async () => {
  const { submissionsByPatient, submissionById } = createSubmissionLoaders(epro.prisma)
  const [latest] = await submissionsByPatient.load({ patientId: f.DAILY_PATIENT, first: 1 })
  expect(await submissionById.load(latest!.id)).toBe(latest)
})
