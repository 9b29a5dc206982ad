import type { EdcPrisma } from '../data/prismaClient'
import type { Identity } from '../../../contracts/identity'
import type { SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { FormDefinition } from '../definitions/formDefinition'
import { publishedDefinitions } from '../forms/publishDefinition'
import { formIdOf } from '../forms/formIdentity'
import { identityWith } from '../../../test/support/gatewayCredentials'

// One study, two sites, a patient at site 1 with a baseline and a week-2 visit, and one at site 2.
export const STUDY = 'a0000000-0000-4000-8000-000000000001'
export const SITE_1 = 'a0000000-0000-4000-8000-000000000011'
export const SITE_2 = 'a0000000-0000-4000-8000-000000000012'
export const PATIENT = 'a0000000-0000-4000-8000-000000000101'
export const OTHER_SITE_PATIENT = 'a0000000-0000-4000-8000-000000000102'
export const BASELINE_VISIT = 'a0000000-0000-4000-8000-000000001001'
export const WEEK_2_VISIT = 'a0000000-0000-4000-8000-000000001002'
export const OTHER_SITE_VISIT = 'a0000000-0000-4000-8000-000000001003'

/** The people of the fixture study, one identity per role and reach. */
export const STAFF = {
  investigator: identityWith({ role: 'INVESTIGATOR', studyId: STUDY, siteId: SITE_1 }),
  crc: identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE_1 }),
  crcOfSite2: identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE_2 }),
  monitor: identityWith({ role: 'MONITOR', studyId: STUDY }),
  dataManager: identityWith({ role: 'DATA_MANAGER', studyId: STUDY }),
  dataManagerOfSite1: identityWith({ role: 'DATA_MANAGER', studyId: STUDY, siteId: SITE_1 }),
  sponsor: identityWith({ role: 'SPONSOR', studyId: STUDY }),
}

/** A small Vital Signs form: soft and hard ranges, a cross-field rule, weight change since baseline. */
export const VITAL_SIGNS: FormDefinition = {
  oid: 'F.VS',
  name: 'Vital Signs',
  itemGroups: [
    {
      oid: 'IG.VS',
      name: 'Vital signs',
      repeating: false,
      items: [
        { oid: 'I.VSDAT', label: 'Assessment date', dataType: 'DATE', required: true },
        {
          oid: 'I.SYSBP',
          label: 'Systolic blood pressure',
          dataType: 'INTEGER',
          unit: 'mm[Hg]',
          required: true,
          hardRange: { min: 40, max: 300 },
          softRange: { min: 90, max: 160 },
          critical: true,
        },
        {
          oid: 'I.DIABP',
          label: 'Diastolic blood pressure',
          dataType: 'INTEGER',
          unit: 'mm[Hg]',
          required: true,
          hardRange: { min: 20, max: 200 },
          softRange: { min: 60, max: 100 },
        },
        {
          oid: 'I.WEIGHT',
          label: 'Weight',
          dataType: 'DECIMAL',
          precision: 1,
          unit: 'kg',
          required: false,
          hardRange: { min: 20, max: 350 },
        },
      ],
    },
  ],
  codeLists: [],
  checks: [
    {
      id: 'VS.DIA_LT_SYS',
      kind: 'COMPARE',
      severity: 'SOFT',
      left: { group: 'IG.VS', item: 'I.DIABP' },
      operator: '<',
      right: { group: 'IG.VS', item: 'I.SYSBP' },
      message: 'Diastolic blood pressure should be below systolic.',
    },
    {
      id: 'VS.WEIGHT_CHANGE',
      kind: 'CHANGE_FROM_BASELINE',
      severity: 'SOFT',
      item: { group: 'IG.VS', item: 'I.WEIGHT' },
      maxPercent: 10,
      message: 'Weight changed by more than 10 % since baseline.',
    },
  ],
}

export const formOf = (visitId: string) => formIdOf(visitId, 'F.VS')

export async function seedEdcFixtures(prisma: EdcPrisma): Promise<void> {
  const [definition] = publishedDefinitions([{ studyId: STUDY, definition: VITAL_SIGNS, version: 1 }])
  await prisma.subject.createMany({
    data: [
      { patientId: PATIENT, studyId: STUDY, siteId: SITE_1 },
      { patientId: OTHER_SITE_PATIENT, studyId: STUDY, siteId: SITE_2 },
    ],
  })
  const visits = [
    { visitId: BASELINE_VISIT, patientId: PATIENT, visitType: 'BASELINE', siteId: SITE_1 },
    { visitId: WEEK_2_VISIT, patientId: PATIENT, visitType: 'TREATMENT', siteId: SITE_1 },
    { visitId: OTHER_SITE_VISIT, patientId: OTHER_SITE_PATIENT, visitType: 'BASELINE', siteId: SITE_2 },
  ]
  await prisma.studyEvent.createMany({
    data: visits.map(({ visitId, patientId, visitType }) => ({ visitId, patientId, visitType, visitDate: null })),
  })
  await prisma.formDefinition.createMany({ data: [definition!] })
  await prisma.eventForm.createMany({
    data: ['BASELINE', 'TREATMENT'].map((visitType) => ({ studyId: STUDY, visitType, formOid: 'F.VS', ordinal: 0 })),
  })
  await prisma.formData.createMany({
    data: visits.map((v) => ({
      id: formOf(v.visitId),
      visitId: v.visitId,
      patientId: v.patientId,
      studyId: STUDY,
      siteId: v.siteId,
      formOid: 'F.VS',
      ordinal: 0,
      definitionId: definition!.id,
      status: 'NOT_STARTED' as const,
      version: 0,
      updatedAt: new Date(),
    })),
  })
}

/** Acts on a data query as `as` (answer, close, re-open, comment) and returns the response. */
export const respondToQuery = (
  edc: SubgraphUnderTest<EdcPrisma>,
  queryId: string,
  action: string,
  text: string | null,
  as: Identity,
) =>
  edc.post(
    `mutation($i: RespondToDataQueryInput!) { respondToDataQuery(input: $i) { status } }`,
    { i: { queryId, action, text } },
    {},
    as,
  )
