import { labsSubgraph } from '../subgraph'
import type { LabsPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import {
  cohortPatientIds,
  PATIENT_ANNA,
  PATIENT_BEN,
  PATIENT_CARA,
  PATIENT_DAN,
  RESULT,
  seedLabFixtures,
  SITE_1,
  SITE_2,
  STUDY,
} from './labFixtures'
import { identityWith } from '../../../test/support/gatewayCredentials'

const COHORT = cohortPatientIds(30)
let labs: SubgraphUnderTest<LabsPrisma>

beforeAll(async () => {
  // A monitor of the study: reads every subject's results.
  labs = await startSubgraphUnderTest(
    labsSubgraph,
    (prisma) => seedLabFixtures(prisma, COHORT),
    {},
    identityWith({ role: 'MONITOR', studyId: STUDY }),
  )
})
afterAll(() => labs?.stop())

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id FIELDS } } }`
const patients = (ids: string[]) => ids.map((id) => ({ __typename: 'Patient', id }))
const entities = (fields: string, representations: object[]) =>
  labs.post(ENTITIES.replace('FIELDS', fields), { r: representations })
const ids = (results: { id: string }[] | null) => results?.map((r) => r.id) ?? null

describe('Query.labResult', () => {
  it('returns a result with its reference range, flag and patient', async () => {
    const { body } = await labs.post(
      `query($id: ID!) { labResult(id: $id) {
      id accessionNumber loincCode name value valueText unit abnormalFlag abnormal collectedAt resultedAt
      referenceRange { low high text } patient { id } } }`,
      { id: RESULT.annaPotassiumFeb.toUpperCase() },
    )
    expect(body.errors).toBeUndefined()
    expect(body.data!.labResult).toEqual({
      id: RESULT.annaPotassiumFeb,
      accessionNumber: 'ACC-1002',
      loincCode: '2823-3',
      name: 'Potassium',
      value: 6.5,
      valueText: null,
      unit: 'mmol/L',
      abnormalFlag: 'HH',
      abnormal: true,
      collectedAt: '2026-02-10T08:00:00.000Z',
      resultedAt: '2026-02-10T09:30:00.000Z',
      referenceRange: { low: 3.5, high: 5.1, text: '3.5–5.1 mmol/L' },
      patient: { id: PATIENT_ANNA },
    })
  })

  it('describes non-numeric results and one-sided or missing ranges', async () => {
    const query = `query($id: ID!) { labResult(id: $id) { value valueText resultedAt abnormal referenceRange { low high text } } }`
    const urine = await labs.post(query, { id: RESULT.annaUrineProtein })
    expect(urine.body.data!.labResult).toEqual({
      value: null,
      valueText: 'Negative',
      resultedAt: null,
      abnormal: false,
      referenceRange: { low: null, high: null, text: 'not established' },
    })
    const egfr = await labs.post(query, { id: RESULT.benEgfr })
    expect(egfr.body.data!.labResult.referenceRange.text).toBe('> 60 mL/min/{1.73_m2}')
  })

  it('answers null with FORBIDDEN for an unknown id (as for "not yours") and BAD_USER_INPUT for a malformed one', async () => {
    const unknown = await labs.post(`{ labResult(id: "00000000-0000-4000-8000-00000000ffff") { id } }`)
    expect(unknown.body.data!.labResult).toBeNull()
    expect(unknown.body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
    const malformed = await labs.post(`{ labResult(id: "lab-42") { id } }`)
    expect(malformed.body.data!.labResult).toBeNull()
    expect(malformed.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' })
  })
})

describe('LabResult entity', () => {
  it('resolves known ids and gives null for unknown (FORBIDDEN) or malformed keys', async () => {
    const r = [RESULT.benSodium, '00000000-0000-4000-8000-00000000ffff', 'nope'].map((id) => ({
      __typename: 'LabResult',
      id,
    }))
    const { body } = await labs.post(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on LabResult { id name abnormalFlag } } }`,
      { r },
    )
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['_entities', 1], 'FORBIDDEN']])
    expect(body.data!._entities).toEqual([{ id: RESULT.benSodium, name: 'Sodium', abnormalFlag: 'LL' }, null, null])
  })

  // Said by the subgraph server itself (Apollo's cache-control plugin is off): nobody on the way may
  // keep a subject's results, and the gateway reads it as max-age 0.
  it('is answered no-store', async () => {
    const { headers, body } = await labs.post(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on LabResult { id } } }`,
      { r: [{ __typename: 'LabResult', id: RESULT.benSodium }] },
    )
    expect(body.errors).toBeUndefined()
    expect(headers.get('cache-control')).toBe('no-store')
  })
})

describe('who may see which results', () => {
  const crcOfSite1 = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE_1 })
  it("gives a CRC their site's subjects only, by entity and by result id, with the same answer for unknown subjects", async () => {
    const { body } = await labs.post(
      ENTITIES.replace('FIELDS', 'abnormalLabCount'),
      { r: patients([PATIENT_ANNA, PATIENT_BEN, '00000000-0000-4000-8000-00000000ffff']) },
      {},
      crcOfSite1,
    )
    expect(body.data!._entities).toEqual([{ id: PATIENT_ANNA, abnormalLabCount: 3 }, null, null])
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['_entities', 1], 'FORBIDDEN'],
      [['_entities', 2], 'FORBIDDEN'],
    ])
    expect(body.errors![0]!.message).toBe(
      body.errors![1]!.message.replace('00000000-0000-4000-8000-00000000ffff', PATIENT_BEN),
    )
    const other = await labs.post(`{ labResult(id: "${RESULT.benSodium}") { id } }`, {}, {}, crcOfSite1)
    expect(other.body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
    expect(other.body.errors![0]!.message).not.toContain(PATIENT_BEN) // names only what was asked
  })

  it('refuses sponsors and other patients; a patient sees their own', async () => {
    for (const [identity, sees] of [
      [identityWith({ role: 'SPONSOR', studyId: STUDY }), false],
      [identityWith({ role: 'PATIENT', studyId: STUDY, siteId: SITE_2, patientId: PATIENT_CARA }), false],
      [identityWith({ role: 'PATIENT', studyId: STUDY, siteId: SITE_1, patientId: PATIENT_ANNA }), true],
    ] as const) {
      const { body } = await labs.post(
        ENTITIES.replace('FIELDS', 'abnormalLabCount'),
        { r: patients([PATIENT_ANNA]) },
        {},
        identity,
      )
      expect(body.data!._entities[0]?.abnormalLabCount ?? body.errors![0]!.extensions!.code).toBe(
        sees ? 3 : 'FORBIDDEN',
      )
    }
  })
})

describe('Patient entity: lab fields', () => {
  it('lists results newest first (ties by id), filtered by abnormality and LOINC code, for several patients', async () => {
    const { body } = await entities(
      `all: labResults { id } abnormal: labResults(abnormalOnly: true) { id } hgb: labResults(loincCode: "718-7") { id }
       abnormalHgb: labResults(abnormalOnly: true, loincCode: "718-7") { id } newestTwo: labResults(first: 2) { id }`,
      patients([PATIENT_ANNA, PATIENT_BEN, PATIENT_CARA, PATIENT_DAN]),
    )
    expect(body.errors).toBeUndefined()
    const [anna, ben, cara, dan] = body.data!._entities
    expect(ids(anna.all)).toEqual([
      RESULT.annaUrineProtein,
      RESULT.annaCrpMar,
      RESULT.annaHgbMar,
      RESULT.annaGlucoseMar,
      RESULT.annaPotassiumFeb,
      RESULT.annaHgbJan,
    ])
    expect(ids(anna.abnormal)).toEqual([RESULT.annaHgbMar, RESULT.annaGlucoseMar, RESULT.annaPotassiumFeb])
    expect(ids(anna.hgb)).toEqual([RESULT.annaHgbMar, RESULT.annaHgbJan])
    expect(ids(anna.abnormalHgb)).toEqual([RESULT.annaHgbMar])
    expect(ids(anna.newestTwo)).toEqual([RESULT.annaUrineProtein, RESULT.annaCrpMar])
    expect(ids(ben.all)).toEqual([RESULT.benEgfr, RESULT.benSodium])
    expect(ids(ben.hgb)).toEqual([])
    expect(ids(cara.abnormal)).toEqual([])
    expect(ids(cara.hgb)).toEqual([RESULT.caraHgb])
    expect(dan).toEqual({ id: PATIENT_DAN, all: [], abnormal: [], hgb: [], abnormalHgb: [], newestTwo: [] })
  })

  it('gives the latest abnormal results and the abnormal count per patient', async () => {
    const { body } = await entities(
      `latestAbnormalLabResults { id abnormalFlag } latestOne: latestAbnormalLabResults(first: 1) { id } abnormalLabCount`,
      patients([PATIENT_ANNA, PATIENT_BEN, PATIENT_CARA, PATIENT_DAN]),
    )
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities).toEqual([
      {
        id: PATIENT_ANNA,
        abnormalLabCount: 3,
        latestOne: [{ id: RESULT.annaHgbMar }],
        latestAbnormalLabResults: [
          { id: RESULT.annaHgbMar, abnormalFlag: 'L' },
          { id: RESULT.annaGlucoseMar, abnormalFlag: 'H' },
          { id: RESULT.annaPotassiumFeb, abnormalFlag: 'HH' },
        ],
      },
      {
        id: PATIENT_BEN,
        abnormalLabCount: 2,
        latestOne: [{ id: RESULT.benEgfr }],
        latestAbnormalLabResults: [
          { id: RESULT.benEgfr, abnormalFlag: 'L' },
          { id: RESULT.benSodium, abnormalFlag: 'LL' },
        ],
      },
      { id: PATIENT_CARA, abnormalLabCount: 0, latestOne: [], latestAbnormalLabResults: [] },
      { id: PATIENT_DAN, abnormalLabCount: 0, latestOne: [], latestAbnormalLabResults: [] },
    ])
  })

  it('resolves a malformed patient key to null without touching the database, and lower-cases ids', async () => {
    labs.statements.reset()
    const malformed = await entities('abnormalLabCount', [{ __typename: 'Patient', id: 'not-a-uuid' }])
    expect(malformed.body).toEqual({ data: { _entities: [null] } })
    expect(labs.statements.count).toBe(0)
    const upperCase = await entities('abnormalLabCount', [{ __typename: 'Patient', id: PATIENT_BEN.toUpperCase() }])
    expect(upperCase.body.data!._entities).toEqual([{ id: PATIENT_BEN, abnormalLabCount: 2 }])
  })

  it.each([
    ['labResults(first: 0) { id }', 'first'],
    ['labResults(first: 501) { id }', 'first'],
    ['latestAbnormalLabResults(first: 101) { id }', 'first'],
    ['labResults(loincCode: "718") { id }', 'loincCode'],
    ['labResults(loincCode: "hemoglobin") { id }', 'loincCode'],
  ])('rejects %s with BAD_USER_INPUT', async (field, argumentName) => {
    const { body } = await entities(field, patients([PATIENT_ANNA]))
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName })
    expect(Object.values(body.data!._entities[0]).filter((value) => value === null)).toHaveLength(1)
  })
})

describe('statement count', () => {
  const FIELDS = `labResults(first: 2) { id name referenceRange { text } patient { id } } hgb: labResults(loincCode: "718-7", abnormalOnly: true) { id }
    latestAbnormalLabResults { id abnormal } abnormalLabCount`

  it('is the same for 3 and for 30 patients', async () => {
    const counts: number[] = []
    for (const cohort of [COHORT.slice(0, 3), COHORT]) {
      labs.statements.reset()
      const { body } = await entities(FIELDS, patients(cohort))
      expect(body.errors).toBeUndefined()
      expect(body.data!._entities).toHaveLength(cohort.length)
      expect(body.data!._entities[cohort.length - 1]).toMatchObject({
        abnormalLabCount: 2,
        hgb: [{}, {}],
        latestAbnormalLabResults: [{ abnormal: true }, { abnormal: true }],
      })
      counts.push(labs.statements.besideRegistry())
    }
    expect(counts[1]).toBe(counts[0])
    // Beside the subject registry (access; cached across requests): one window-function statement
    // for every result list, one GROUP BY for the counts.
    expect(counts[0]).toBe(2)
  })
})
