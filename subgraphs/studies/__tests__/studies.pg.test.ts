import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import type { StudiesPrisma } from '../data/prismaClient'
import { studiesSubgraph } from '../subgraph'
import { BULK_SITES, BULK_STUDIES, CARD, ONC, seedStudiesFixture, siteId, studyId } from './studiesFixture'

let subgraph: SubgraphUnderTest<StudiesPrisma>
beforeAll(async () => {
  // A data manager of every fixture study (study descriptions are for people with a role in them).
  const everyStudy = [ONC, CARD, ...BULK_STUDIES].map((studyId) => ({ role: 'DATA_MANAGER' as const, studyId }))
  subgraph = await startSubgraphUnderTest(studiesSubgraph, seedStudiesFixture, {}, identityWith(...everyStudy))
})
afterAll(() => subgraph?.stop())

const gql = (query: string, variables: Record<string, unknown> = {}) => subgraph.post(query, variables)

const STUDY = `query($id: ID!) { study(id: $id) { id protocolId phase status startDate sites { siteNumber status activatedAt study { id } } } }`
const BY_PROTOCOL = `query($p: String!) { studyByProtocolId(protocolId: $p) { id protocolId } }`
const SITE = `query($id: ID!) { site(id: $id) { id siteNumber name country timeZone study { protocolId } } }`
const STUDY_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Study { id protocolId sites { siteNumber study { id } } } } }`
const SITE_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { id siteNumber study { protocolId sites { id } } } } }`

const refs = (typename: string, ids: string[]) => ids.map((id) => ({ __typename: typename, id }))
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code

describe('root queries', () => {
  it('lists the studies the caller holds a role in, in protocol id order', async () => {
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
    expect(body.data!.site).toEqual({
      id: siteId(1),
      siteNumber: '101',
      name: 'Charité',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      study: { protocolId: 'ONC-3017' },
    })
  })

  it.each([
    ['study', STUDY, { id: studyId(999) }],
    ['studyByProtocolId', BY_PROTOCOL, { p: 'NOPE-1' }],
    ['site', SITE, { id: siteId(999) }],
  ])(
    'answers an unknown %s with null and FORBIDDEN (the same answer as "not yours")',
    async (field, query, variables) => {
      const { body } = await gql(query, variables)
      expect(body.data![field]).toBeNull()
      expect(codeOf(body)).toBe('FORBIDDEN')
    },
  )

  it('shows a CRC only their studies; a patient only their own site; a caller with no role nothing', async () => {
    const crc = identityWith({ role: 'CRC', studyId: ONC, siteId: siteId(1) })
    expect((await subgraph.post('{ studies { protocolId } }', {}, {}, crc)).body.data!.studies).toEqual([
      { protocolId: 'ONC-3017' },
    ])
    expect(codeOf((await subgraph.post(BY_PROTOCOL, { p: 'CARD-2201' }, {}, crc)).body)).toBe('FORBIDDEN')
    const patient = identityWith({ role: 'PATIENT', studyId: ONC, siteId: siteId(1), patientId: siteId(900) })
    const own = await subgraph.post(STUDY, { id: ONC }, {}, patient)
    expect(own.body.data!.study.sites.map((s: { siteNumber: string }) => s.siteNumber)).toEqual(['101'])
    expect(codeOf((await subgraph.post(SITE, { id: siteId(2) }, {}, patient)).body)).toBe('FORBIDDEN')
    expect((await subgraph.post('{ studies { protocolId } }', {}, {}, identityWith())).body.data!.studies).toEqual([])
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
  it('resolves Study representations in order, null for unknown (FORBIDDEN) or malformed keys', async () => {
    const { body } = await gql(STUDY_ENTITIES, { r: refs('Study', [CARD, studyId(999), 'nope', ONC]) })
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['_entities', 1], 'FORBIDDEN']])
    expect(body.data!._entities.map((s: { protocolId: string } | null) => s?.protocolId ?? null)).toEqual([
      'CARD-2201',
      null,
      null,
      'ONC-3017',
    ])
    expect(body.data!._entities[0].sites).toEqual([])
    expect(body.data!._entities[3].sites.map((s: { siteNumber: string }) => s.siteNumber)).toEqual([
      '101',
      '102',
      '103',
    ])
  })

  it('resolves Site representations in order, null for unknown (FORBIDDEN) or malformed keys', async () => {
    const { body } = await gql(SITE_ENTITIES, { r: refs('Site', [siteId(2), 'nope', siteId(999)]) })
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['_entities', 2], 'FORBIDDEN']])
    expect(body.data!._entities).toEqual([
      {
        id: siteId(2),
        siteNumber: '102',
        study: { protocolId: 'ONC-3017', sites: [1, 2, 3].map((n) => ({ id: siteId(n) })) },
      },
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
