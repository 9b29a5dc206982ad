import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import {
  CLOSED_SITE,
  crc,
  ELIGIBLE,
  investigator,
  monitor,
  otherSiteCrc,
  SCREEN,
  screenerOf,
  seedSites,
} from './screeningFixture'

// Screening on real Postgres: numbering, the screening log, retries, and what is refused.
let subgraph: SubgraphUnderTest<PatientsPrisma>
const screen = (...args: Parameters<ReturnType<typeof screenerOf>>) => screenerOf(subgraph)(...args)
const enroll = async (id: string) =>
  (await subgraph.post(`mutation($id: ID!) { enrollPatient(patientId: $id) { id } }`, { id }, {}, crc)).body

beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(patientsSubgraph, seedSites, {}, crc)
})
afterAll(() => subgraph?.stop())

describe('screening', () => {
  it('numbers subjects per site in screening order, with the screening visit done and audited', async () => {
    const first = await screen()
    const second = await screen(investigator)
    expect(first.errors).toBeUndefined()
    expect(first.data!.screenPatient).toMatchObject({
      subjectNumber: expect.stringMatching(/^TST-1-301-\d{4}$/),
      enrollmentStatus: 'SCREENING',
      eligibility: ELIGIBLE,
      visits: [{ visitNumber: 1, visitType: 'SCREENING', status: 'COMPLETED' }],
    })
    const n = (s: string) => Number(s.slice(-4))
    expect(n(second.data!.screenPatient.subjectNumber)).toBe(n(first.data!.screenPatient.subjectNumber) + 1)
    const audit = await subgraph.prisma.auditEvent.findMany({ where: { entityId: first.data!.screenPatient.id } })
    expect(audit.map((a) => [a.operation, a.entityType, a.actorRole])).toEqual([['CREATE', 'Patient', 'CRC']])
  })

  it('keeps a subject found not eligible on the screening log as SCREEN_FAILED', async () => {
    const body = await screen(crc, [
      { code: 'IN-1', kind: 'INCLUSION', met: true },
      { code: 'EX-1', kind: 'EXCLUSION', met: true },
    ])
    expect(body.data!.screenPatient.enrollmentStatus).toBe('SCREEN_FAILED')
    const again = await enroll(body.data!.screenPatient.id)
    expect(again.errors![0]!.extensions).toMatchObject({
      code: 'ENROLLMENT_NOT_ALLOWED',
      enrollmentStatus: 'SCREEN_FAILED',
    })
  })

  it('returns the first subject for a retried screening (same clientRequestId)', async () => {
    const a = await screen(crc, ELIGIBLE, { clientRequestId: 'tablet-7/42' })
    const b = await screen(crc, ELIGIBLE, { clientRequestId: 'tablet-7/42' })
    expect(b.data!.screenPatient.id).toBe(a.data!.screenPatient.id)
    expect(b.data!.screenPatient.subjectNumber).toBe(a.data!.screenPatient.subjectNumber)
  })

  it('refuses bad answers, other people and closed sites, recording nothing', async () => {
    const before = await subgraph.prisma.patient.count()
    const invalid = await screen(crc, [
      { code: 'IN-1', kind: 'INCLUSION', met: true },
      { code: 'IN-1', kind: 'INCLUSION', met: true },
    ])
    expect(invalid.errors![0]!.extensions).toMatchObject({
      code: 'ELIGIBILITY_INVALID',
      problems: ['Criterion "IN-1" is answered more than once.', 'Criterion "EX-1" (exclusion) is not answered.'],
    })
    const noInclusion = await screen(crc, [{ code: 'EX-1', kind: 'EXCLUSION', met: false }])
    expect(noInclusion.errors![0]!.extensions!.code).toBe('ELIGIBILITY_INVALID')
    expect((await screen(monitor)).errors![0]!.extensions!.code).toBe('FORBIDDEN')
    expect((await screen(otherSiteCrc)).errors![0]!.extensions!.code).toBe('FORBIDDEN')
    const closed = await subgraph.post(
      SCREEN,
      { input: { siteId: CLOSED_SITE, yearOfBirth: 1970, sex: 'MALE', eligibility: ELIGIBLE } },
      {},
      otherSiteCrc,
    )
    expect(closed.body.errors![0]!.extensions!.code).toBe('SITE_NOT_OPEN_FOR_SCREENING')
    const future = await screen(crc, ELIGIBLE, { screeningDate: '2999-01-01' })
    expect(future.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
    expect(await subgraph.prisma.patient.count()).toBe(before)
  })
})
