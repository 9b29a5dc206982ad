import type { Prisma } from '../generated/prisma/client'
import type { LabsPrisma } from '../data/prismaClient'

// Hand-written lab results for a few subjects (fixed UUIDs), plus a bulk cohort for the
// statement-count test. Flags are the lab's; abnormalFlag.test checks them against abnormalFlagFor.
export const PATIENT_ANNA = '00000000-0000-4000-8000-00000000a001'
export const PATIENT_BEN = '00000000-0000-4000-8000-00000000a002'
export const PATIENT_CARA = '00000000-0000-4000-8000-00000000a003'
/** Known to the patients subgraph, but without any lab result. */
export const PATIENT_DAN = '00000000-0000-4000-8000-00000000a004'

export const RESULT = {
  annaHgbJan: '00000000-0000-4000-8000-0000000b0001',
  annaPotassiumFeb: '00000000-0000-4000-8000-0000000b0002',
  annaHgbMar: '00000000-0000-4000-8000-0000000b0003',
  annaGlucoseMar: '00000000-0000-4000-8000-0000000b0004',
  annaCrpMar: '00000000-0000-4000-8000-0000000b0005',
  annaUrineProtein: '00000000-0000-4000-8000-0000000b0006',
  benSodium: '00000000-0000-4000-8000-0000000b0007',
  benEgfr: '00000000-0000-4000-8000-0000000b0008',
  caraHgb: '00000000-0000-4000-8000-0000000b0009',
} as const

type Row = Prisma.LabResultCreateManyInput

const hemoglobin = { loincCode: '718-7', testName: 'Hemoglobin', unit: 'g/dL', referenceLow: 12, referenceHigh: 17.5 }

export const fixtureResults: Row[] = [
  {
    id: RESULT.annaHgbJan,
    patientId: PATIENT_ANNA,
    accessionNumber: 'ACC-1001',
    ...hemoglobin,
    value: 14.2,
    abnormalFlag: 'N',
    collectedAt: at('2026-01-05T08:00:00Z'),
    resultedAt: at('2026-01-05T12:00:00Z'),
  },
  {
    id: RESULT.annaPotassiumFeb,
    patientId: PATIENT_ANNA,
    accessionNumber: 'ACC-1002',
    loincCode: '2823-3',
    testName: 'Potassium',
    unit: 'mmol/L',
    referenceLow: 3.5,
    referenceHigh: 5.1,
    value: 6.5,
    abnormalFlag: 'HH',
    collectedAt: at('2026-02-10T08:00:00Z'),
    resultedAt: at('2026-02-10T09:30:00Z'),
  },
  // Collected together with the glucose below: the tie on collected_at is broken by id.
  {
    id: RESULT.annaHgbMar,
    patientId: PATIENT_ANNA,
    accessionNumber: 'ACC-1003',
    ...hemoglobin,
    value: 11.1,
    abnormalFlag: 'L',
    collectedAt: at('2026-03-01T08:00:00Z'),
    resultedAt: at('2026-03-01T11:00:00Z'),
  },
  {
    id: RESULT.annaGlucoseMar,
    patientId: PATIENT_ANNA,
    accessionNumber: 'ACC-1003',
    loincCode: '2345-7',
    testName: 'Glucose',
    unit: 'mg/dL',
    referenceLow: 70,
    referenceHigh: 99,
    value: 130,
    abnormalFlag: 'H',
    collectedAt: at('2026-03-01T08:00:00Z'),
    resultedAt: at('2026-03-01T11:00:00Z'),
  },
  {
    id: RESULT.annaCrpMar,
    patientId: PATIENT_ANNA,
    accessionNumber: 'ACC-1004',
    loincCode: '1988-5',
    testName: 'C reactive protein',
    unit: 'mg/L',
    referenceLow: null,
    referenceHigh: 10,
    value: 4,
    abnormalFlag: 'N',
    collectedAt: at('2026-03-15T08:00:00Z'),
    resultedAt: at('2026-03-15T10:00:00Z'),
  },
  // Non-numeric result, still pending sign-off (no resultedAt).
  {
    id: RESULT.annaUrineProtein,
    patientId: PATIENT_ANNA,
    accessionNumber: 'ACC-1005',
    loincCode: '2888-6',
    testName: 'Protein [Mass/volume] in Urine',
    unit: 'mg/dL',
    referenceLow: null,
    referenceHigh: null,
    value: null,
    valueText: 'Negative',
    abnormalFlag: 'N',
    collectedAt: at('2026-03-20T08:00:00Z'),
    resultedAt: null,
  },
  {
    id: RESULT.benSodium,
    patientId: PATIENT_BEN,
    accessionNumber: 'ACC-2001',
    loincCode: '2951-2',
    testName: 'Sodium',
    unit: 'mmol/L',
    referenceLow: 135,
    referenceHigh: 145,
    value: 118,
    abnormalFlag: 'LL',
    collectedAt: at('2026-02-01T07:00:00Z'),
    resultedAt: at('2026-02-01T08:00:00Z'),
  },
  {
    id: RESULT.benEgfr,
    patientId: PATIENT_BEN,
    accessionNumber: 'ACC-2002',
    loincCode: '33914-3',
    testName: 'eGFR (MDRD)',
    unit: 'mL/min/{1.73_m2}',
    referenceLow: 60,
    referenceHigh: null,
    value: 45,
    abnormalFlag: 'L',
    collectedAt: at('2026-02-15T07:00:00Z'),
    resultedAt: at('2026-02-15T09:00:00Z'),
  },
  {
    id: RESULT.caraHgb,
    patientId: PATIENT_CARA,
    accessionNumber: 'ACC-3001',
    ...hemoglobin,
    value: 13.5,
    abnormalFlag: 'N',
    collectedAt: at('2026-01-20T08:00:00Z'),
    resultedAt: at('2026-01-20T10:00:00Z'),
  },
]

/** A cohort of `count` subjects with one normal and two abnormal results each. */
export function cohortPatientIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-1000000${String(i).padStart(5, '0')}`)
}

export function cohortResults(patientIds: string[]): Row[] {
  return patientIds.flatMap((patientId, i) =>
    (['N', 'H', 'L'] as const).map((abnormalFlag, j) => ({
      id: `00000000-0000-4000-8000-2000${String(i).padStart(5, '0')}${j}00`,
      patientId,
      accessionNumber: `COH-${i}-${j}`,
      ...hemoglobin,
      value: { N: 14, H: 18.2, L: 10.4 }[abnormalFlag],
      abnormalFlag,
      collectedAt: at(`2026-04-0${j + 1}T08:00:00Z`),
    })),
  )
}

export const STUDY = '5a000000-0000-4000-8000-0000000000a1'
export const SITE_1 = '5e000000-0000-4000-8000-0000000000a1'
export const SITE_2 = '5e000000-0000-4000-8000-0000000000a2'

/** The subject registry: Anna and the cohort at site 1; Ben, Cara and Dan at site 2. */
export async function seedLabFixtures(prisma: LabsPrisma, cohort: string[]): Promise<void> {
  const atSite1 = [PATIENT_ANNA, ...cohort]
  const atSite2 = [PATIENT_BEN, PATIENT_CARA, PATIENT_DAN]
  await prisma.subject.createMany({
    data: [
      ...atSite1.map((patientId) => ({ patientId, studyId: STUDY, siteId: SITE_1 })),
      ...atSite2.map((patientId) => ({ patientId, studyId: STUDY, siteId: SITE_2 })),
    ],
  })
  await prisma.labResult.createMany({ data: [...fixtureResults, ...cohortResults(cohort)] })
}

function at(instant: string): Date {
  return new Date(instant)
}
