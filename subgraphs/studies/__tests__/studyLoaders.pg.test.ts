import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { StudiesPrisma } from '../data/prismaClient'
import { createStudyLoaders } from '../data/studyLoaders'
import { studiesSubgraph } from '../subgraph'
import { BULK_SITES, BULK_STUDIES, CARD, ONC, seedStudiesFixture, siteId, studyId } from './studiesFixture'

// Differential: studies and sites, read by every full view and dashboard, go past Prisma's query
// API (directReads.ts); Prisma's own findMany must give the same rows — same values, same
// JavaScript types (Date for days and timestamps, enums as strings, the int array) — for studies
// and sites with their optional dates set and unset, and null / [] for unknown keys.
let studies: SubgraphUnderTest<StudiesPrisma>
beforeAll(async () => {
  studies = await startSubgraphUnderTest(studiesSubgraph, seedStudiesFixture)
})
afterAll(() => studies?.stop())

const STUDY_IDS = [ONC, CARD, ...BULK_STUDIES]
const UNKNOWN_STUDY = studyId(999)

it('studyById and studyByProtocolId: the rows Prisma findMany gives, null for an unknown key', async () => {
  const loaders = createStudyLoaders(studies.prisma)
  const expected = await Promise.all(STUDY_IDS.map((id) => studies.prisma.study.findUnique({ where: { id } })))
  expect(expected.some((s) => s!.startDate === null) && expected.some((s) => s!.startDate !== null)).toBe(true)
  const byId = await Promise.all([...STUDY_IDS, UNKNOWN_STUDY].map((id) => loaders.studyById.load(id)))
  const byProtocol = await Promise.all(
    [...expected.map((s) => s!.protocolId), 'NONE-1'].map((p) => loaders.studyByProtocolId.load(p)),
  )
  expect(byId).toEqual([...expected, null])
  expect(byProtocol).toEqual([...expected, null])
  const onc = byId[0]!
  expect(onc.startDate).toBeInstanceOf(Date)
  expect(onc.createdAt).toBeInstanceOf(Date)
  expect(onc.blockMultipliers).toEqual(expected[0]!.blockMultipliers)
})

it('siteById and sitesByStudy: the rows Prisma findMany gives, in site-number order; null / [] for unknown keys', async () => {
  const loaders = createStudyLoaders(studies.prisma)
  const siteIds = [siteId(1), siteId(2), siteId(3), ...BULK_SITES]
  const expectedSites = await Promise.all(siteIds.map((id) => studies.prisma.site.findUnique({ where: { id } })))
  expect(expectedSites.every(Boolean)).toBe(true)
  expect(expectedSites.some((s) => s!.activatedAt === null) && expectedSites.some((s) => s!.activatedAt)).toBe(true)
  expect(await Promise.all([...siteIds, siteId(999)].map((id) => loaders.siteById.load(id)))).toEqual([
    ...expectedSites,
    null,
  ])
  const byStudy = await Promise.all([...STUDY_IDS, UNKNOWN_STUDY].map((id) => loaders.sitesByStudy.load(id)))
  const expectedByStudy = await Promise.all(
    STUDY_IDS.map((studyId) => studies.prisma.site.findMany({ where: { studyId }, orderBy: { siteNumber: 'asc' } })),
  )
  expect(byStudy.flat().length).toBeGreaterThan(30)
  expect(byStudy).toEqual([...expectedByStudy, []])
})
