import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import type { FormDefinition } from '../definitions/formDefinition'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import {
  BASELINE_VISIT,
  formOf,
  OTHER_SITE_PATIENT,
  OTHER_SITE_VISIT,
  PATIENT,
  seedEdcFixtures,
  SITE_1,
  STAFF,
  STUDY,
  VITAL_SIGNS,
  WEEK_2_VISIT,
} from './edcFixtures'

// Versioned form definitions on real Postgres: a data manager publishes a new version through the
// API; data stays on the version it was entered on, forms not started move, frozen ones do not.
let edc: SubgraphUnderTest<EdcPrisma>
const {
  crc: CRC,
  dataManager: DATA_MANAGER,
  dataManagerOfSite1: SITE_DATA_MANAGER,
  monitor: MONITOR,
  sponsor: SPONSOR,
} = STAFF

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
})
afterAll(() => edc?.stop())

/** Version 2: a pulse item, and systolic pressure queried above 150 instead of 160. */
const VITAL_SIGNS_V2: FormDefinition = {
  ...VITAL_SIGNS,
  itemGroups: [
    {
      ...VITAL_SIGNS.itemGroups[0]!,
      items: [
        ...VITAL_SIGNS.itemGroups[0]!.items.map((item) =>
          item.oid === 'I.SYSBP' ? { ...item, softRange: { min: 90, max: 150 } } : item,
        ),
        {
          oid: 'I.PULSE',
          label: 'Pulse',
          dataType: 'INTEGER',
          unit: '/min',
          required: false,
          hardRange: { min: 20, max: 250 },
        },
      ],
    },
  ],
}

const PUBLISH = `mutation($i: PublishFormDefinitionInput!) { publishFormDefinition(input: $i) {
  created formsMoved formsKept definition { id formOid version digest publishedAt document } } }`
type Published = {
  created: boolean
  formsMoved: number
  formsKept: number
  definition: { id: string; version: number; digest: string; document: string }
}
const publish = async (
  definition: unknown,
  expectedVersion: number,
  reasonForChange: string | null,
  as = DATA_MANAGER,
) => {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition)
  const { body } = await edc.post(
    PUBLISH,
    { i: { studyId: STUDY, definition: text, expectedVersion, reasonForChange } },
    {},
    as,
  )
  return { body, published: body.data?.publishFormDefinition as Published | undefined }
}
const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
const save = (visitId: string, expectedVersion: number, values: Record<string, string>) =>
  edc.post(
    `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) {
      form { version definition { version } } warnings { checkId } } }`,
    {
      input: {
        visitId,
        formOid: 'F.VS',
        expectedVersion,
        values: Object.entries(values).map(([item, value]) => ({ group: 'IG.VS', item, value })),
      },
    },
    {},
    CRC,
  )
const versionOfForm = async (visitId: string) =>
  (await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(visitId) }, include: { definition: true } }))
    .definition.version

it('sets the scene: data on version 1 at baseline, the other site’s casebook frozen', async () => {
  expect(
    (await save(BASELINE_VISIT, 0, { 'I.VSDAT': '2026-11-02', 'I.SYSBP': '155', 'I.DIABP': '80' })).body.errors,
  ).toBeUndefined()
  const frozen = await edc.post(
    `mutation($i: SetDataLockInput!) { setDataLock(input: $i) { state } }`,
    { i: { level: 'CASEBOOK', targetId: OTHER_SITE_PATIENT, action: 'FREEZE' } },
    {},
    DATA_MANAGER,
  )
  expect(frozen.body.data).toEqual({ setDataLock: { state: 'FROZEN' } })
})

it('lets only a data manager of the whole study publish', async () => {
  for (const who of [CRC, MONITOR, SITE_DATA_MANAGER, SPONSOR])
    expect(code((await publish(VITAL_SIGNS_V2, 1, 'Amendment 2', who)).body)).toBe('FORBIDDEN')
  const otherStudy = identityWith({ role: 'DATA_MANAGER', studyId: 'a0000000-0000-4000-8000-0000000000ff' })
  expect(code((await publish(VITAL_SIGNS_V2, 1, 'Amendment 2', otherStudy)).body)).toBe('FORBIDDEN')
  expect(await edc.prisma.formDefinition.count()).toBe(1)
})

it.each<[string, unknown, RegExp[]]>([
  ['not JSON', '{"oid": "F.VS",', [/not JSON/]],
  [
    'with a misspelt attribute and a check naming an item the form lacks',
    {
      ...VITAL_SIGNS,
      itemGroups: [{ ...VITAL_SIGNS.itemGroups[0]!, requird: true }],
      checks: [{ ...VITAL_SIGNS.checks[0]!, left: { group: 'IG.VS', item: 'I.NOPE' } }],
    },
    [/itemGroups\[0\].*requird/],
  ],
  [
    'with a check naming an item the form lacks',
    { ...VITAL_SIGNS, checks: [{ ...VITAL_SIGNS.checks[0]!, left: { group: 'IG.VS', item: 'I.NOPE' } }] },
    [/I\.NOPE/],
  ],
])(
  'refuses a definition %s whole (FORM_DEFINITION_INVALID, every problem named)',
  async (_label, document, expected) => {
    const { body } = await publish(document, 1, 'Amendment 2')
    expect(code(body)).toBe('FORM_DEFINITION_INVALID')
    const problems = body.errors![0]!.extensions!.problems as string[]
    for (const pattern of expected) expect(problems.some((p) => pattern.test(p))).toBe(true)
    expect(await edc.prisma.formDefinition.count()).toBe(1)
  },
)

it('needs a reason for a new version of a published form', async () => {
  expect(code((await publish(VITAL_SIGNS_V2, 1, null)).body)).toBe('REASON_FOR_CHANGE_REQUIRED')
  expect(await edc.prisma.formDefinition.count()).toBe(1)
})

it('publishes version 2: the form not started moves, data and the frozen casebook stay on version 1', async () => {
  const { body, published } = await publish(VITAL_SIGNS_V2, 1, 'Amendment 2: pulse')
  expect(body.errors).toBeUndefined()
  expect(published).toMatchObject({ created: true, formsMoved: 1, formsKept: 2, definition: { version: 2 } })
  expect(JSON.parse(published!.definition.document)).toEqual(VITAL_SIGNS_V2)
  expect([
    await versionOfForm(BASELINE_VISIT),
    await versionOfForm(WEEK_2_VISIT),
    await versionOfForm(OTHER_SITE_VISIT),
  ]).toEqual([1, 2, 1])
  // Published versions are listed newest first per form, and the audit trail has the version and the move.
  const listed = await edc.post(
    `query($s: ID!) { formDefinitions(studyId: $s) { version } }`,
    { s: STUDY },
    {},
    SPONSOR,
  )
  expect(listed.body.data).toEqual({ formDefinitions: [{ version: 2 }] })
  const trail = await edc.prisma.auditEvent.findMany({
    where: { entityId: { in: [published!.definition.id, formOf(WEEK_2_VISIT)] } },
    orderBy: { sequence: 'asc' },
  })
  expect(trail.map((a) => [a.entityType, a.operation, a.field, a.oldValue, a.newValue, a.reasonForChange])).toEqual([
    [
      'FormDefinition',
      'CREATE',
      null,
      null,
      expect.objectContaining({ version: 2, digest: published!.definition.digest }),
      'Amendment 2: pulse',
    ],
    ['FormData', 'UPDATE', 'definitionVersion', 1, 2, 'Amendment 2: pulse'],
  ])
})

it('treats the same content again as a retry, and refuses a change based on an older version', async () => {
  const retry = await publish(VITAL_SIGNS_V2, 1, 'Amendment 2: pulse')
  expect(retry.published).toMatchObject({ created: false, formsMoved: 0, definition: { version: 2 } })
  const stale = await publish({ ...VITAL_SIGNS_V2, name: 'Vital signs (v3)' }, 1, 'Rename')
  expect(code(stale.body)).toBe('VERSION_CONFLICT')
  expect(stale.body.errors![0]!.extensions!.currentVersion).toBe(2)
  expect(await edc.prisma.formDefinition.count()).toBe(2)
})

it('checks each form against its own version: a save prepared before the move is refused', async () => {
  expect(code((await save(WEEK_2_VISIT, 0, { 'I.SYSBP': '155' })).body)).toBe('VERSION_CONFLICT')
  const week2 = await save(WEEK_2_VISIT, 1, {
    'I.VSDAT': '2026-11-16',
    'I.SYSBP': '155',
    'I.DIABP': '80',
    'I.PULSE': '72',
  })
  expect(week2.body.errors).toBeUndefined()
  expect(week2.body.data!.saveFormData).toMatchObject({
    form: { version: 2, definition: { version: 2 } },
    warnings: [{ checkId: 'I.SYSBP.RANGE' }],
  })
  // Baseline stays on version 1: no pulse item there, and 155 was within its soft range.
  expect(code((await save(BASELINE_VISIT, 1, { 'I.PULSE': '70' })).body)).toBe('EDIT_CHECK_FAILED')
  expect(await edc.prisma.dataQuery.count({ where: { formDataId: formOf(BASELINE_VISIT) } })).toBe(0)
})

it('lets exactly one of two data managers publishing over the same version through', async () => {
  const results = await Promise.all([
    publish({ ...VITAL_SIGNS_V2, name: 'Vital signs A' }, 2, 'A'),
    publish({ ...VITAL_SIGNS_V2, name: 'Vital signs B' }, 2, 'B'),
  ])
  expect(results.map((r) => r.published?.created ?? code(r.body)).sort()).toEqual(['VERSION_CONFLICT', true].sort())
  expect(await edc.prisma.formDefinition.count({ where: { formOid: 'F.VS' } })).toBe(3)
})

it('does not wait for a form being saved at that moment; a retry moves it once it is free', async () => {
  const visitId = 'a0000000-0000-4000-8000-000000001009'
  const current = await edc.prisma.formDefinition.findFirstOrThrow({
    where: { formOid: 'F.VS' },
    orderBy: { version: 'desc' },
  })
  await edc.prisma.studyEvent.create({ data: { visitId, patientId: PATIENT, visitType: 'TREATMENT', visitDate: null } })
  await edc.prisma.formData.create({
    data: {
      id: formOf(visitId),
      visitId,
      patientId: PATIENT,
      studyId: STUDY,
      siteId: SITE_1,
      formOid: 'F.VS',
      ordinal: 0,
      definitionId: current.id,
      status: 'NOT_STARTED',
      version: 0,
      updatedAt: new Date(),
    },
  })
  // A save in flight holds the form's row until it commits.
  let locked!: () => void
  let release!: () => void
  const isLocked = new Promise<void>((resolve) => (locked = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  const saveInFlight = edc.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM form_data WHERE id = ${formOf(visitId)}::uuid FOR UPDATE`
      locked()
      await released
    },
    { timeout: 120_000 },
  )
  await isLocked
  const next = { ...VITAL_SIGNS_V2, name: 'Vital signs (amendment 3)' }
  const first = await publish(next, current.version, 'Amendment 3')
  release()
  await saveInFlight
  expect(first.published).toMatchObject({ created: true, formsMoved: 0, definition: { version: current.version + 1 } })
  expect(await versionOfForm(visitId)).toBe(current.version)
  const retry = await publish(next, current.version + 1, 'Amendment 3')
  expect(retry.published).toMatchObject({ created: false, formsMoved: 1, definition: { version: current.version + 1 } })
  expect(await versionOfForm(visitId)).toBe(current.version + 1)
})
