import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { createFormLoaders } from '../data/formLoaders'
import { createQueryLoaders } from '../data/queryLoaders'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import {
  BASELINE_VISIT,
  formOf,
  OTHER_SITE_PATIENT,
  OTHER_SITE_VISIT,
  PATIENT,
  seedEdcFixtures,
  SITE_1,
  STUDY,
  WEEK_2_VISIT,
} from './edcFixtures'

// Differential: the forms, values, visits, open query counts, signatures and locks every full view reads go
// past Prisma's query API (directReads.ts); Prisma's own findMany/count must give the same rows —
// same values, same JavaScript types (Date, enums as strings, nulls) — on rows that fill every
// optional column and rows that leave them empty.
let edc: SubgraphUnderTest<EdcPrisma>
const id = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const USER = 'a0000000-0000-4000-8000-000000000901'
const at = (iso: string) => new Date(iso)
const FORMS = [BASELINE_VISIT, WEEK_2_VISIT, OTHER_SITE_VISIT].map(formOf)

async function seed(prisma: EdcPrisma) {
  await seedEdcFixtures(prisma)
  await prisma.formData.update({
    where: { id: FORMS[0]! },
    data: { status: 'COMPLETE', version: 2, completedAt: at('2026-02-01T10:00:00Z'), updatedBy: USER },
  })
  await prisma.itemData.createMany({
    data: ['IT.SYSBP', 'IT.DIABP', 'IT.PULSE'].flatMap((itemOid, i) =>
      FORMS.slice(0, 2).map((formDataId, f) => ({
        id: id(10 + i * 2 + f),
        formDataId,
        groupOid: 'IG.VS',
        row: i % 2,
        itemOid,
        value: f ? null : String(120 + i),
        verifiedAt: i === 0 ? at('2026-02-02T09:00:00Z') : null,
        verifiedBy: i === 0 ? USER : null,
        updatedAt: at('2026-02-01T10:00:00Z'),
        updatedBy: f ? null : USER,
      })),
    ),
  })
  await prisma.dataQuery.createMany({
    data: (['OPEN', 'ANSWERED', 'CLOSED', 'OPEN'] as const).map((status, i) => ({
      id: id(30 + i),
      formDataId: FORMS[i % 2]!,
      patientId: PATIENT,
      studyId: STUDY,
      siteId: SITE_1,
      groupOid: 'IG.VS',
      row: 0,
      itemOid: 'IT.SYSBP',
      origin: i % 2 ? ('MANUAL' as const) : ('EDIT_CHECK' as const),
      checkId: i % 2 ? null : 'EC.SYSBP',
      status,
      openedAt: at(`2026-02-0${i + 1}T10:00:00Z`),
      openedBy: i % 2 ? USER : null,
      updatedAt: at(`2026-02-0${i + 1}T10:00:00Z`),
    })),
  })
  await prisma.dataLock.createMany({
    data: [
      {
        id: id(40),
        level: 'FORM',
        targetId: FORMS[0]!,
        studyId: STUDY,
        state: 'FROZEN',
        updatedAt: at('2026-03-01T00:00:00Z'),
        updatedBy: USER,
      },
      {
        id: id(41),
        level: 'CASEBOOK',
        targetId: PATIENT,
        studyId: STUDY,
        state: 'LOCKED',
        updatedAt: at('2026-03-02T00:00:00Z'),
      },
      {
        id: id(42),
        level: 'STUDY',
        targetId: STUDY,
        studyId: STUDY,
        state: 'NONE',
        updatedAt: at('2026-03-03T00:00:00Z'),
      },
    ],
  })
  await prisma.signature.createMany({
    data: [1, 2].map((n) => ({
      id: id(50 + n),
      scope: n === 1 ? ('VISIT' as const) : ('CASEBOOK' as const),
      targetId: n === 1 ? BASELINE_VISIT : PATIENT,
      patientId: PATIENT,
      studyId: STUDY,
      siteId: SITE_1,
      signerUserId: USER,
      printedName: 'Dr. Ada Investigator',
      meaning: 'I attest the data of this casebook',
      signedAt: at(`2026-03-1${n}T12:00:00Z`),
      digest: `sha256:${n}`,
      credentialId: `cred-${n}`,
      invalidatedAt: n === 1 ? at('2026-03-15T12:00:00Z') : null,
      invalidatedReason: n === 1 ? 'data changed after signing' : null,
    })),
  })
}

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seed)
})
afterAll(() => edc?.stop())

const UNKNOWN = id(999)
const VISITS = [BASELINE_VISIT, WEEK_2_VISIT, OTHER_SITE_VISIT, UNKNOWN]
const PATIENTS = [PATIENT, OTHER_SITE_PATIENT, UNKNOWN]

it('forms by visit and by patient, and their values: the rows Prisma findMany gives', async () => {
  const loaders = createFormLoaders(edc.prisma)
  const byVisit = await Promise.all(VISITS.map((v) => loaders.formDataByVisit.load(v)))
  const byPatient = await Promise.all(PATIENTS.map((p) => loaders.formDataByPatient.load(p)))
  const items = await Promise.all([...FORMS, UNKNOWN].map((f) => loaders.itemsByForm.load(f)))
  const { formData, itemData } = edc.prisma
  // In no particular order, from either (no ORDER BY: a visit's forms are sorted by the resolver).
  const unordered = (lists: { id: string }[][]) => lists.map((list) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1)))
  expect(unordered(byVisit)).toEqual(
    unordered(await Promise.all(VISITS.map((visitId) => formData.findMany({ where: { visitId } })))),
  )
  expect(unordered(byPatient)).toEqual(
    unordered(await Promise.all(PATIENTS.map((patientId) => formData.findMany({ where: { patientId } })))),
  )
  const expectedItems = await Promise.all(
    [...FORMS, UNKNOWN].map((formDataId) =>
      itemData.findMany({ where: { formDataId }, orderBy: [{ groupOid: 'asc' }, { row: 'asc' }, { itemOid: 'asc' }] }),
    ),
  )
  expect(items).toEqual(expectedItems)
  expect(items.flat()).toHaveLength(6)
  expect(byVisit[0]![0]!.completedAt).toBeInstanceOf(Date) // the baseline form, completed
})

it("a patient's visits (study events), dated and not: the rows Prisma findMany gives", async () => {
  // One visit dated (a Date at UTC midnight from either), the others only scheduled (null).
  await edc.prisma.studyEvent.update({ where: { visitId: BASELINE_VISIT }, data: { visitDate: at('2026-01-20') } })
  const loaders = createFormLoaders(edc.prisma)
  const visits = await Promise.all(PATIENTS.map((p) => loaders.studyEventsByPatient.load(p)))
  const byId = (list: { visitId: string }[]) => [...list].sort((a, b) => (a.visitId < b.visitId ? -1 : 1))
  expect(visits.map(byId)).toEqual(
    (await Promise.all(PATIENTS.map((patientId) => edc.prisma.studyEvent.findMany({ where: { patientId } })))).map(
      byId,
    ),
  )
  expect(visits.map((list) => list.length)).toEqual([2, 1, 0])
  expect(visits[0]!.find((v) => v.visitId === BASELINE_VISIT)!.visitDate).toEqual(at('2026-01-20T00:00:00Z'))
})

it('open query counts, signatures and locks: what Prisma count and findMany give', async () => {
  const loaders = createQueryLoaders(edc.prisma)
  const open = await Promise.all([...FORMS, UNKNOWN].map((f) => loaders.openQueryCountByForm.load(f)))
  expect(open).toEqual(
    await Promise.all(
      [...FORMS, UNKNOWN].map((formDataId) =>
        edc.prisma.dataQuery.count({ where: { formDataId, status: { not: 'CLOSED' } } }),
      ),
    ),
  )
  expect(open).toEqual([1, 2, 0, 0])
  const signatures = await Promise.all(PATIENTS.map((p) => loaders.signaturesByPatient.load(p)))
  expect(signatures).toEqual(
    await Promise.all(
      PATIENTS.map((patientId) =>
        edc.prisma.signature.findMany({ where: { patientId }, orderBy: { signedAt: 'desc' } }),
      ),
    ),
  )
  expect(signatures[0]).toHaveLength(2)
  const targets = [FORMS[0]!, PATIENT, STUDY, UNKNOWN]
  const locks = await Promise.all(targets.map((t) => loaders.locksByTarget.load(t)))
  expect(locks).toEqual(
    await Promise.all(targets.map((targetId) => edc.prisma.dataLock.findMany({ where: { targetId } }))),
  )
  expect(locks.flat()).toHaveLength(3)
})
