import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { studyRegistryHandler } from '../registry/studyRegistry'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { createLogger } from '../../../platform/logging/logger'
import type { StudyEvent } from '../../../contracts/studyEvents'
import { studyEventMessage } from '../../../test/support/subjectEvents'
import { seedEdcFixtures, STAFF } from './edcFixtures'

// A study defined through studies' API: its schedule of forms per visit type reaches the EDC from
// studies.study.v1, once, in schedule order.
const STUDY = 'a0000000-0000-4000-8000-00000000f001'
const visit = (code: string, visitType: 'BASELINE' | 'TREATMENT' | 'FOLLOW_UP', formOids: string[]) => ({
  code,
  name: code,
  visitType,
  dayOffset: 0,
  windowBeforeDays: 0,
  windowAfterDays: 0,
  formOids,
  questionnaireCodes: [],
})
const defined: StudyEvent = {
  type: 'StudyDefined',
  studyId: STUDY,
  protocolId: 'EDC-9',
  status: 'NOT_YET_RECRUITING',
  arms: [],
  visitSchedule: [
    visit('BL', 'BASELINE', ['F.DM', 'F.VS']),
    visit('W4', 'TREATMENT', ['F.VS', 'F.AE']),
    visit('W8', 'TREATMENT', ['F.VS', 'F.LB']),
    visit('FU', 'FOLLOW_UP', []),
  ],
  eligibilityCriteria: [],
  blockMultipliers: [2, 3],
  lowStockThreshold: 2,
  doNotDispenseDays: 14,
}

let subgraph: SubgraphUnderTest<EdcPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, STAFF.crc)
})
afterAll(() => subgraph?.stop())

it('schedules the study’s forms per visit type, once', async () => {
  const handle = studyRegistryHandler(subgraph.prisma, createLogger('edc', { LOG_LEVEL: 'silent' }))
  const message = studyEventMessage(defined)
  await handle(message)
  await handle(message) // redelivered
  await handle(studyEventMessage({ type: 'StudyStatusChanged', studyId: STUDY, status: 'RECRUITING' })) // not the EDC's concern
  const rows = await subgraph.prisma.eventForm.findMany({
    where: { studyId: STUDY },
    orderBy: [{ visitType: 'asc' }, { ordinal: 'asc' }],
    select: { visitType: true, formOid: true, ordinal: true },
  })
  expect(rows).toEqual([
    { visitType: 'BASELINE', formOid: 'F.DM', ordinal: 1 },
    { visitType: 'BASELINE', formOid: 'F.VS', ordinal: 2 },
    // Week 4 and week 8 are both treatment visits: their forms, each once, in schedule order.
    { visitType: 'TREATMENT', formOid: 'F.VS', ordinal: 1 },
    { visitType: 'TREATMENT', formOid: 'F.AE', ordinal: 2 },
    { visitType: 'TREATMENT', formOid: 'F.LB', ordinal: 3 },
  ])
})
