import fs from 'node:fs'
import path from 'node:path'
import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { BASELINE_VISIT, formOf, PATIENT, seedEdcFixtures, STAFF, WEEK_2_VISIT } from './edcFixtures'

// A save answers from what its transaction read and wrote (values, locks, query count, signatures)
// instead of reading them again: the answer must be exactly what a read right after it returns.
let edc: SubgraphUnderTest<EdcPrisma>
const { crc: CRC, monitor: MONITOR, dataManager: DATA_MANAGER } = STAFF

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
})
afterAll(() => edc?.stop())

const FORM_FIELDS = `id status version openQueryCount lock updatedAt definition { version }
  values { group row item value verified } queries { checkId status }`
const SAVE = fs
  .readFileSync(path.join(__dirname, '../../../schema/operations/SaveFormData.graphql'), 'utf8')
  .replace(/form \{[^}]*values \{[^}]*\}\s*\}/s, `form { ${FORM_FIELDS} }`)
const READ = `query($id: ID!) { form(id: $id) { ${FORM_FIELDS} } }`

async function saveAndRead(visitId: string, values: Record<string, string | null>, extra = {}) {
  const { version } = await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(visitId) } })
  edc.statements.reset()
  const saved = await edc.post(
    SAVE,
    {
      input: {
        visitId,
        formOid: 'F.VS',
        expectedVersion: version,
        values: Object.entries(values).map(([item, value]) => ({ group: 'IG.VS', item, value })),
        ...extra,
      },
    },
    {},
    CRC,
  )
  const statements = edc.statements.count
  expect(saved.body.errors).toBeUndefined()
  const read = await edc.post(READ, { id: formOf(visitId) }, {}, CRC)
  return { answer: (saved.body.data!.saveFormData as { form: unknown }).form, read: read.body.data!.form, statements }
}

it('answers a first save (new values, a soft finding opening a query) as a read after it does', async () => {
  const { answer, read } = await saveAndRead(BASELINE_VISIT, {
    'I.VSDAT': '2026-11-02',
    'I.SYSBP': '172',
    'I.DIABP': '80',
    'I.WEIGHT': '70.0',
  })
  expect(answer).toEqual(read)
  expect(answer).toMatchObject({ status: 'IN_PROGRESS', openQueryCount: 1 })
})

it('answers a change of a verified value, under a lock row set back to none, closing the query it fixed', async () => {
  const verify = await edc.post(
    `mutation($i: VerifyFormDataInput!) { verifyFormData(input: $i) { id } }`,
    { i: { formId: formOf(BASELINE_VISIT) } },
    {},
    MONITOR,
  )
  expect(verify.body.errors).toBeUndefined()
  for (const [action, reason] of [
    ['FREEZE', null],
    ['UNFREEZE', 'Reviewed'],
  ])
    expect(
      (
        await edc.post(
          `mutation($i: SetDataLockInput!) { setDataLock(input: $i) { state } }`,
          { i: { level: 'CASEBOOK', targetId: PATIENT, action, reason } },
          {},
          DATA_MANAGER,
        )
      ).body.errors,
    ).toBeUndefined()
  const { answer, read } = await saveAndRead(BASELINE_VISIT, { 'I.SYSBP': '150' }, { complete: true })
  expect(answer).toEqual(read)
  expect(answer).toMatchObject({
    status: 'COMPLETE',
    openQueryCount: 0,
    values: expect.arrayContaining([
      { group: 'IG.VS', row: 1, item: 'I.SYSBP', value: '150', verified: false },
      { group: 'IG.VS', row: 1, item: 'I.DIABP', value: '80', verified: true },
    ]),
  })
})

it('answers a save that changes nothing, and one on another visit', async () => {
  const same = await saveAndRead(BASELINE_VISIT, { 'I.SYSBP': '150' })
  expect(same.answer).toEqual(same.read)
  const week2 = await saveAndRead(WEEK_2_VISIT, { 'I.VSDAT': '2026-11-16', 'I.WEIGHT': '80.0' })
  expect(week2.answer).toEqual(week2.read)
  expect(week2.answer).toMatchObject({ openQueryCount: 1 }) // weight up more than 10 % since baseline
  // The access check; in the transaction the claim, the study lock, the lock rows, the values, the
  // baseline's values, the write, the status, the signatures, the queries (read, open, thread), the
  // audit trail, the commit; after it only the query list this test asks for. Nothing read twice.
  expect(week2.statements).toBeLessThanOrEqual(15)
})
