import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { postGraphQL } from '../../../test/support/graphqlClient'
import type { StudiesPrisma } from '../data/prismaClient'
import { studiesSubgraph } from '../subgraph'
import { BULK_SITES, BULK_STUDIES, CARD, ONC, seedStudiesFixture, siteId, studyId } from './studiesFixture'

let subgraph: SubgraphUnderTest<StudiesPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(studiesSubgraph, seedStudiesFixture)
})
afterAll(() => subgraph?.stop())

const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphQL(subgraph.url, query, variables)

const STUDY = `query($id: ID!) { study(id: $id) { id protocolId phase status startDate sites { siteNumber status activatedAt study { id } } } }`
const BY_PROTOCOL = `query($p: String!) { studyByProtocolId(protocolId: $p) { id protocolId } }`
const SITE = `query($id: ID!) { site(id: $id) { id siteNumber name country timeZone study { protocolId } } }`
const STUDY_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Study { id protocolId sites { siteNumber study { id } } } } }`
const SITE_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { id siteNumber study { protocolId sites { id } } } } }`

const refs = (typename: string, ids: string[]) => ids.map((id) => ({ __typename: typename, id }))
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code

describe('root queries', () => {
  it('lists all studies in protocol id order', async () => {
    const { body } = await gql(`{ studies { protocolId } }`)
    const protocolIds = body.data!.studies.map((s: { protocolId: string }) => s.protocolId)
    expect(protocolIds).toEqual([...protocolIds].sort())
    expect(protocolIds.slice(0, 2)).toEqual(['BULK-100', 'BULK-101'])
    expect(protocolIds).toHaveLength(12)
  })

  it('returns a study with its sites in site-number order', async () => {
    const { body } = await gql(STUDY, { id: ONC.toUpperCase() })
    expect(body.errors).toBeUndefined()
    expect(body.data!.study).toEqual({
      id: ONC,
      protocolId: 'ONC-3017',
      phase: 'PHASE_3',
      status: 'RECRUITING',
      startDate: '2025-01-15',
      sites: [
        { siteNumber: '101', status: 'ACTIVE', activatedAt: '2025-02-01', study: { id: ONC } },
        { siteNumber: '102', status: 'PENDING_ACTIVATION', activatedAt: null, study: { id: ONC } },
        { siteNumber: '103', status: 'ACTIVE', activatedAt: '2025-02-01', study: { id: ONC } },
      ],
    })
  })

  it('finds a study by protocol id, case-insensitively', async () => {
    const { body } = await gql(BY_PROTOCOL, { p: ' card-2201 ' })
    expect(body.data!.studyByProtocolId).toEqual({ id: CARD, protocolId: 'CARD-2201' })
  })

  it('returns a site with its study', async () => {
    const { body } = await gql(SITE, { id: siteId(1) })
    expect(body.data!.site).toEqual({ id: siteId(1), siteNumber: '101', name: 'Charité', country: 'DE', timeZone: 'Europe/Berlin', study: { protocolId: 'ONC-3017' } })
  })

  it.each([
    ['study', STUDY, { id: studyId(999) }],
    ['studyByProtocolId', BY_PROTOCOL, { p: 'NOPE-1' }],
    ['site', SITE, { id: siteId(999) }],
  ])('answers an unknown %s with null and NOT_FOUND', async (field, query, variables) => {
    const { body } = await gql(query, variables)
    expect(body.data![field]).toBeNull()
    expect(codeOf(body)).toBe('NOT_FOUND')
  })

  it.each([
    ['study', STUDY, { id: 'not-a-uuid' }],
    ['studyByProtocolId', BY_PROTOCOL, { p: "ONC'; DROP TABLE study" }],
    ['studyByProtocolId', BY_PROTOCOL, { p: 'X' }],
    ['site', SITE, { id: '42' }],
  ])('rejects a malformed argument of %s with BAD_USER_INPUT', async (field, query, variables) => {
    const { body } = await gql(query, variables)
    expect(body.data![field]).toBeNull()
    expect(codeOf(body)).toBe('BAD_USER_INPUT')
  })
})

describe('entities', () => {
  it('resolves Study representations in order, null for unknown or malformed keys', async () => {
    const { body } = await gql(STUDY_ENTITIES, { r: refs('Study', [CARD, studyId(999), 'nope', ONC]) })
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities.map((s: { protocolId: string } | null) => s?.protocolId ?? null)).toEqual(['CARD-2201', null, null, 'ONC-3017'])
    expect(body.data!._entities[0].sites).toEqual([])
    expect(body.data!._entities[3].sites.map((s: { siteNumber: string }) => s.siteNumber)).toEqual(['101', '102', '103'])
  })

  it('resolves Site representations in order, null for unknown or malformed keys', async () => {
    const { body } = await gql(SITE_ENTITIES, { r: refs('Site', [siteId(2), 'nope', siteId(999)]) })
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities).toEqual([
      { id: siteId(2), siteNumber: '102', study: { protocolId: 'ONC-3017', sites: [1, 2, 3].map((n) => ({ id: siteId(n) })) } },
      null,
      null,
    ])
  })

  it('costs the same statements for 2 studies as for 10', async () => {
    subgraph.statements.reset()
    await gql(STUDY_ENTITIES, { r: refs('Study', BULK_STUDIES.slice(0, 2)) })
    const forTwo = subgraph.statements.count
    subgraph.statements.reset()
    const { body } = await gql(STUDY_ENTITIES, { r: refs('Study', BULK_STUDIES) })
    expect(body.data!._entities.flatMap((s: { sites: unknown[] }) => s.sites)).toHaveLength(30)
    expect(subgraph.statements.count).toBe(forTwo)
    expect(forTwo).toBe(2) // studies by id, then their sites
  })

  it('costs the same statements for 3 sites as for 30', async () => {
    subgraph.statements.reset()
    await gql(SITE_ENTITIES, { r: refs('Site', BULK_SITES.slice(0, 3)) })
    const forThree = subgraph.statements.count
    subgraph.statements.reset()
    const { body } = await gql(SITE_ENTITIES, { r: refs('Site', BULK_SITES) })
    expect(body.data!._entities.every((s: { study: unknown } | null) => s?.study)).toBe(true)
    expect(subgraph.statements.count).toBe(forThree)
    expect(forThree).toBe(3) // sites by id, their studies, the studies' sites
  })
})
