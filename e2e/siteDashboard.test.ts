import type { GraphQLResponse } from '../test/support/graphqlClient'
import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { demoSupply } from '../subgraphs/inventory/demo/demoSupply'

// The site dashboard through the real gateway: cursor pages of a site's subjects with data from
// patients, epro, labs, users and studies, and the site's enrollment against cap (studies) and
// stock (inventory).
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
const site = data.studies.sites[0]!
const sitePatients = data.patients.patients
  .filter((p) => p.siteId === site.id)
  .sort((a, b) => (a.subjectNumber < b.subjectNumber ? -1 : 1))

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
})
afterAll(async () => {
  await supergraph?.stop()
})

describe('site dashboard', () => {
  it("pages through all of a site's subjects with cursors, without gaps or repeats", async () => {
    const seen: string[] = []
    let after: string | null = null
    for (let page = 0; page < 10; page++) {
      const { body }: GraphQLResponse = await supergraph.post(operation('SiteDashboard'), {
        siteId: site.id,
        first: 40,
        after,
      })
      expect(body.errors).toBeUndefined()
      const connection: {
        totalCount: number
        pageInfo: { hasNextPage: boolean; endCursor: string }
        edges: { node: { subjectNumber: string } }[]
      } = body.data!.site.patients
      expect(connection.totalCount).toBe(sitePatients.length)
      seen.push(...connection.edges.map((e: { node: { subjectNumber: string } }) => e.node.subjectNumber))
      if (!connection.pageInfo.hasNextPage) break
      after = connection.pageInfo.endCursor
    }
    expect(seen).toEqual(sitePatients.map((p) => p.subjectNumber))
  })

  it('fills every row from epro, labs and users', async () => {
    const { body } = await supergraph.post(operation('SiteDashboard'), { siteId: site.id, first: 50 })
    expect(body.errors).toBeUndefined()
    const result = body.data!.site
    expect(result.siteNumber).toBe(site.siteNumber)
    expect(result.study.protocolId).toBeDefined()
    expect(result.staff.length).toBeGreaterThanOrEqual(1)
    // The demo casebooks' edit checks leave queries open at every site; nobody has answered one yet.
    expect(result.dataQueryCounts).toEqual({ open: expect.any(Number), answered: 0 })
    expect(result.dataQueryCounts.open).toBeGreaterThan(0)
    // Enrollment against cap: every seeded randomised subject holds a confirmed slot.
    expect(result.enrollmentCap).toBe(site.enrollmentCap)
    expect(result.enrollment).toEqual({
      enrolled: site.enrolledCount,
      inProgress: site.slotsTaken - site.enrolledCount,
      remaining: Math.max(0, site.enrollmentTarget - site.slotsTaken),
    })
    // Stock as totals only (the seed leaves every kit but the dispensed ones available).
    const available = demoSupply(data).kits.filter((k) => k.siteId === site.id && k.status === 'AVAILABLE')
    expect(available.length).toBeGreaterThan(0)
    expect(result.stock).toEqual({ availableKits: available.length, lowStock: false })
    for (const { node } of result.patients.edges) {
      const expected = sitePatients.find((p) => p.id === node.id)!
      const labs = data.labs.labResults.filter((l) => l.patientId === node.id)
      expect(node.abnormalLabCount).toBe(labs.filter((l) => l.abnormalFlag !== 'N').length)
      const entries = data.epro.submissions.filter((s) => s.patientId === node.id)
      if (entries.length === 0) expect(node.latestEproSubmission).toBeNull()
      else
        expect(node.latestEproSubmission.painScore).toBe(
          entries.reduce((a, b) => (a.deviceTimestamp > b.deviceTimestamp ? a : b)).painScore,
        )
      expect(node.assignedCrc?.id ?? null).toBe(expected.assignedCrcId)
    }
  })

  it('filters by enrollment status', async () => {
    const { body } = await supergraph.post(operation('SiteDashboard'), {
      siteId: site.id,
      first: 100,
      status: 'ENROLLED',
    })
    const enrolled = sitePatients.filter((p) => p.enrollmentStatus === 'ENROLLED')
    expect(body.data!.site.patients.totalCount).toBe(enrolled.length)
    expect(
      body.data!.site.patients.edges.every(
        (e: { node: { enrollmentStatus: string } }) => e.node.enrollmentStatus === 'ENROLLED',
      ),
    ).toBe(true)
  })

  it('rejects a page size over 100 and a forged cursor with BAD_USER_INPUT', async () => {
    const big = await supergraph.post(operation('SiteDashboard'), { siteId: site.id, first: 101 })
    expect(big.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
    expect(big.body.data!.site.siteNumber).toBe(site.siteNumber)
    const forged = await supergraph.post(operation('SiteDashboard'), { siteId: site.id, after: 'bm9wZQ' })
    expect(forged.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
  })
})
