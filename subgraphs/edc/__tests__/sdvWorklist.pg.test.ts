import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import {
  BASELINE_VISIT,
  formOf,
  OTHER_SITE_VISIT,
  seedEdcFixtures,
  SITE_2,
  STAFF,
  STUDY,
  WEEK_2_VISIT,
} from './edcFixtures'

// The monitor's SDV worklist on real Postgres: forms with critical values waiting come first, each
// band oldest first, and the order holds page by page.
let edc: SubgraphUnderTest<EdcPrisma>
const { crc: CRC, crcOfSite2: CRC_2, monitor: MONITOR } = STAFF
const MONITOR_OF_SITE_2 = identityWith({ role: 'MONITOR', studyId: STUDY, siteId: SITE_2 })

const complete = async (visitId: string, as = CRC) => {
  const { body } = await edc.post(
    `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) { form { id } } }`,
    {
      input: {
        visitId,
        formOid: 'F.VS',
        expectedVersion: 0,
        complete: true,
        values: Object.entries({ 'I.VSDAT': '2026-11-02', 'I.SYSBP': '120', 'I.DIABP': '80', 'I.WEIGHT': '70.0' }).map(
          ([item, value]) => ({ group: 'IG.VS', item, value }),
        ),
      },
    },
    {},
    as,
  )
  expect(body.errors).toBeUndefined()
}

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
  // The other site's form is the oldest; its critical value (systolic) gets verified.
  await complete(OTHER_SITE_VISIT, CRC_2)
  await complete(BASELINE_VISIT)
  await complete(WEEK_2_VISIT)
  const verified = await edc.post(
    `mutation($i: VerifyFormDataInput!) { verifyFormData(input: $i) { id } }`,
    { i: { formId: formOf(OTHER_SITE_VISIT), items: [{ group: 'IG.VS', item: 'I.SYSBP' }] } },
    {},
    MONITOR,
  )
  expect(verified.body.errors).toBeUndefined()
})
afterAll(() => edc?.stop())

const WORKLIST = `query($s: ID!, $first: Int, $after: String) { sdvWorklist(studyId: $s, first: $first, after: $after) {
  edges { cursor unverifiedCount unverifiedCriticalCount node { id } } pageInfo { hasNextPage endCursor } } }`
type Page = {
  edges: { cursor: string; unverifiedCount: number; unverifiedCriticalCount: number; node: { id: string } }[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}
const page = async (first: number, after: string | null = null, as = MONITOR) => {
  const { body } = await edc.post(WORKLIST, { s: STUDY, first, after }, {}, as)
  return { body, page: body.data?.sdvWorklist as Page | undefined }
}

it('puts forms with critical values waiting first, each band oldest first, the same page by page', async () => {
  const site1 = await edc.prisma.formData.findMany({
    where: { id: { in: [formOf(BASELINE_VISIT), formOf(WEEK_2_VISIT)] } },
    orderBy: [{ completedAt: 'asc' }, { id: 'asc' }],
  })
  const expected = [
    ...site1.map((f) => ({ id: f.id, unverifiedCount: 4, unverifiedCriticalCount: 1 })),
    { id: formOf(OTHER_SITE_VISIT), unverifiedCount: 3, unverifiedCriticalCount: 0 },
  ]
  const whole = (await page(10)).page!
  expect(
    whole.edges.map((e) => ({
      id: e.node.id,
      unverifiedCount: e.unverifiedCount,
      unverifiedCriticalCount: e.unverifiedCriticalCount,
    })),
  ).toEqual(expected)
  expect(whole.pageInfo.hasNextPage).toBe(false)
  const seen: string[] = []
  let after: string | null = null
  for (let i = 0; i < 3; i++) {
    const next: Page = (await page(1, after)).page!
    seen.push(...next.edges.map((e) => e.node.id))
    expect(next.pageInfo.hasNextPage).toBe(i < 2)
    after = next.pageInfo.endCursor
  }
  expect(seen).toEqual(expected.map((e) => e.id))
  expect((await page(1, after)).page!.edges).toEqual([])
})

it('moves a form out of the critical band once its critical value is verified', async () => {
  const verified = await edc.post(
    `mutation($i: VerifyFormDataInput!) { verifyFormData(input: $i) { id } }`,
    { i: { formId: formOf(WEEK_2_VISIT), items: [{ group: 'IG.VS', item: 'I.SYSBP' }] } },
    {},
    MONITOR,
  )
  expect(verified.body.errors).toBeUndefined()
  const ids = (await page(10)).page!.edges.map((e) => e.node.id)
  expect(ids[0]).toBe(formOf(BASELINE_VISIT))
  expect(ids.slice(1).sort()).toEqual([formOf(OTHER_SITE_VISIT), formOf(WEEK_2_VISIT)].sort())
})

it('narrows to the monitor’s site, and refuses a cursor it did not give', async () => {
  expect((await page(10, null, MONITOR_OF_SITE_2)).page!.edges.map((e) => e.node.id)).toEqual([
    formOf(OTHER_SITE_VISIT),
  ])
  const bad = await page(10, 'bm90LWEtY3Vyc29y')
  expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
})
