import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import * as f from './fixtures'

// The epro subgraph the diary submission's statement tests run on (submissionStatements and
// submitOnTwoStatements): two subjects, one in a study with its own safety rules and a diary
// history for its baseline, and a clock the tests move.
export const PATIENT = 'ee000000-0000-4000-8000-0000000000c1'
export const RULED_STUDY = '5a000000-0000-4000-8000-0000000000c9'
export const RULED_PATIENT = 'ee000000-0000-4000-8000-0000000000c2'
export const id = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`
export const patient = identityWith({ role: 'PATIENT', studyId: f.STUDY, siteId: f.SITE, patientId: PATIENT })

function startSubmissionSubgraph(clock: { now: Date }): Promise<SubgraphUnderTest<EproPrisma>> {
  return startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (p, scope, background) => createEproContext(p, scope, background, { now: () => clock.now }),
    },
    async (p) => {
      await f.seedFixtures(p)
      await p.subject.createMany({
        data: [
          { patientId: PATIENT, studyId: f.STUDY, siteId: f.SITE },
          { patientId: RULED_PATIENT, studyId: RULED_STUDY, siteId: f.SITE },
        ],
      })
      await p.safetyRuleSet.create({
        data: {
          studyId: RULED_STUDY,
          painAbsolute: 9,
          painRiseOverBaseline: 2,
          seriousGrade: 4,
          baselineDays: 3,
          minBaselineEntries: 2,
        },
      })
      await p.diaryEnrollment.createMany({
        data: [
          {
            id: 'ed000000-0000-4000-8000-0000000000c1',
            patientId: PATIENT,
            questionnaireId: f.DAILY_DIARY,
            studyId: f.STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-11-01T00:00:00Z'),
            timeZone: 'Europe/Berlin',
          },
          // Two activations: the latest one (by start date) is the diary.
          {
            id: 'ed000000-0000-4000-8000-0000000000c2',
            patientId: RULED_PATIENT,
            questionnaireId: f.WEEKLY_DIARY,
            studyId: RULED_STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-10-01T00:00:00Z'),
            endDate: new Date('2026-10-31T00:00:00Z'),
          },
          {
            id: 'ed000000-0000-4000-8000-0000000000c3',
            patientId: RULED_PATIENT,
            questionnaireId: f.DAILY_DIARY,
            studyId: RULED_STUDY,
            siteId: f.SITE,
            startDate: new Date('2026-11-10T00:00:00Z'),
          },
        ],
      })
      // Baseline days 11-10..11-12 of the ruled study (3 days), one later entry, one on the old diary.
      const entry = (n: number, patientId: string, questionnaireId: string, day: string, painScore: number) => ({
        id: id(n),
        patientId,
        questionnaireId,
        entryDate: new Date(`${day}T00:00:00Z`),
        painScore,
        deviceTimestamp: new Date(`${day}T19:00:00Z`),
      })
      await p.eproSubmission.createMany({
        data: [
          entry(901, RULED_PATIENT, f.DAILY_DIARY, '2026-11-10', 2),
          entry(902, RULED_PATIENT, f.DAILY_DIARY, '2026-11-12', 4),
          entry(903, RULED_PATIENT, f.DAILY_DIARY, '2026-11-13', 7),
          entry(904, RULED_PATIENT, f.WEEKLY_DIARY, '2026-10-05', 1),
        ],
      })
    },
  )
}

/**
 * Starts the subgraph before the file's tests and stops it after them; `subgraph` and `prisma` are
 * there from the first test on.
 */
export function useSubmissionSubgraph(clock: { now: Date }) {
  const handle = {} as { subgraph: SubgraphUnderTest<EproPrisma>; prisma: EproPrisma }
  beforeAll(async () => {
    handle.subgraph = await startSubmissionSubgraph(clock)
    handle.prisma = handle.subgraph.prisma
  })
  afterAll(() => handle.subgraph?.stop())
  return handle
}
