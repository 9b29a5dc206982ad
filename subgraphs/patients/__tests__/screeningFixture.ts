import type { PatientsPrisma } from '../data/prismaClient'
import type { SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import type { Identity } from '../../../contracts/identity'
import { recruitingStudy } from './registryFixture'

// The study, sites and staff the screening and saga suites share: one recruiting study with an
// active site (Berlin) and a closed one.
export const STUDY = '57000000-0000-4000-8000-0000000000a1'
export const SITE = '5a000000-0000-4000-8000-0000000000a1'
export const CLOSED_SITE = '5a000000-0000-4000-8000-0000000000a2'
export const crc = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })
export const investigator = identityWith({ role: 'INVESTIGATOR', studyId: STUDY, siteId: SITE })
export const monitor = identityWith({ role: 'MONITOR', studyId: STUDY })
export const otherSiteCrc = identityWith({ role: 'CRC', studyId: STUDY, siteId: CLOSED_SITE })

export async function seedSites(prisma: PatientsPrisma) {
  await prisma.studyRegistry.create({ data: recruitingStudy(STUDY, 'TST-1') })
  await prisma.siteRegistry.createMany({
    data: [
      {
        siteId: SITE,
        studyId: STUDY,
        protocolId: 'TST-1',
        siteNumber: '301',
        timeZone: 'Europe/Berlin',
        active: true,
        lastSubjectSeq: 0,
      },
      {
        siteId: CLOSED_SITE,
        studyId: STUDY,
        protocolId: 'TST-1',
        siteNumber: '302',
        timeZone: 'UTC',
        active: false,
        lastSubjectSeq: 0,
      },
    ],
  })
}

export const ELIGIBLE = [
  { code: 'IN-1', kind: 'INCLUSION', met: true },
  { code: 'EX-1', kind: 'EXCLUSION', met: false },
]

export const SCREEN = `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id subjectNumber enrollmentStatus screeningDate eligibility { code kind met } visits { visitNumber visitType status } } }`
/** screenPatient at the active site, as the given person (a CRC by default), with eligible answers by default. */
export const screenerOf =
  (subgraph: SubgraphUnderTest<PatientsPrisma, any>) =>
  async (identity: Identity = crc, eligibility: object[] = ELIGIBLE, extra: object = {}) => {
    const { body } = await subgraph.post(
      SCREEN,
      { input: { siteId: SITE, yearOfBirth: 1970, sex: 'FEMALE', eligibility, ...extra } },
      {},
      identity,
    )
    return body
  }
