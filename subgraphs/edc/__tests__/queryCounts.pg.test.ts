import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import {
  BASELINE_VISIT,
  formOf,
  OTHER_SITE_VISIT,
  respondToQuery,
  seedEdcFixtures,
  SITE_1,
  SITE_2,
  STAFF,
  STUDY,
  WEEK_2_VISIT,
} from './edcFixtures'

// Data-query counts per site and per study (the backlog of discrepancy management) on real
// Postgres, as the gateway asks for them: through _entities, batched, for whom they are.
let edc: SubgraphUnderTest<EdcPrisma>
const { crc: CRC, crcOfSite2: CRC_2, monitor: MONITOR, sponsor: SPONSOR, dataManagerOfSite1 } = STAFF
const OTHER_STUDY = 'a0000000-0000-4000-8000-0000000000ff'

async function enter(visitId: string, as = CRC) {
  const { body } = await edc.post(
    `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) { form { id } } }`,
    {
      input: {
        visitId,
        formOid: 'F.VS',
        expectedVersion: 0,
        values: [{ group: 'IG.VS', item: 'I.SYSBP', value: '128' }],
      },
    },
    {},
    as,
  )
  expect(body.errors).toBeUndefined()
}
async function raise(visitId: string) {
  const { body } = await edc.post(
    `mutation($i: RaiseDataQueryInput!) { raiseDataQuery(input: $i) { id } }`,
    { i: { formId: formOf(visitId), group: 'IG.VS', item: 'I.SYSBP', text: 'Please check the source.' } },
    {},
    MONITOR,
  )
  return (body.data!.raiseDataQuery as { id: string }).id
}

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
  await enter(BASELINE_VISIT)
  await enter(WEEK_2_VISIT)
  await enter(OTHER_SITE_VISIT, CRC_2)
  // Site 1: one open, one answered, one closed; site 2: one open.
  await raise(BASELINE_VISIT)
  const answered = await raise(WEEK_2_VISIT)
  expect((await respondToQuery(edc, answered, 'ANSWER', 'Checked: 128.', CRC)).body.errors).toBeUndefined()
  const closed = await raise(BASELINE_VISIT)
  expect((await respondToQuery(edc, closed, 'ANSWER', 'Checked.', CRC)).body.errors).toBeUndefined()
  expect((await respondToQuery(edc, closed, 'CLOSE', null, MONITOR)).body.errors).toBeUndefined()
  await raise(OTHER_SITE_VISIT)
})
afterAll(() => edc?.stop())

const COUNTS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Site { dataQueryCounts { open answered closed } } ... on Study { dataQueryCounts { open answered closed } } } }`
const countsOf = (representations: object[], as = MONITOR) => edc.post(COUNTS, { r: representations }, {}, as)
const site = (id: string) => ({ __typename: 'Site', id })
const study = (id: string) => ({ __typename: 'Study', id })

it('counts each site’s and the study’s queries by status, batched: the statements do not grow with the entities', async () => {
  edc.statements.reset()
  const { body } = await countsOf([site(SITE_1), site(SITE_2), study(STUDY)])
  expect(body.errors).toBeUndefined()
  expect(body.data!._entities).toEqual([
    { dataQueryCounts: { open: 1, answered: 1, closed: 1 } },
    { dataQueryCounts: { open: 1, answered: 0, closed: 0 } },
    { dataQueryCounts: { open: 2, answered: 1, closed: 1 } },
  ])
  const statements = edc.statements.count
  edc.statements.reset()
  await countsOf([site(SITE_1), site(SITE_2), study(STUDY), site(SITE_1), study(STUDY), site(SITE_2)])
  expect(edc.statements.count).toBe(statements)
})

it('shows a site’s counts to its staff and the study’s sponsor, the study’s only to study-wide grants', async () => {
  const outcome = async (as: ReturnType<typeof identityWith>, representation: object) => {
    const { body } = await countsOf([representation], as)
    return body.errors?.[0]?.extensions?.code ?? 'seen'
  }
  expect(await outcome(CRC, site(SITE_1))).toBe('seen')
  expect(await outcome(CRC, site(SITE_2))).toBe('FORBIDDEN')
  expect(await outcome(SPONSOR, site(SITE_2))).toBe('seen')
  expect(await outcome(SPONSOR, study(STUDY))).toBe('seen')
  expect(await outcome(dataManagerOfSite1, study(STUDY))).toBe('FORBIDDEN')
  expect(await outcome(CRC, study(STUDY))).toBe('FORBIDDEN')
  expect(await outcome(identityWith({ role: 'DATA_MANAGER', studyId: OTHER_STUDY }), site(SITE_1))).toBe('FORBIDDEN')
  expect(await outcome(identityWith({ role: 'PATIENT', studyId: STUDY, siteId: SITE_1 }), site(SITE_1))).toBe(
    'FORBIDDEN',
  )
})
