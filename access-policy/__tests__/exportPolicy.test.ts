import type { Grant, Identity } from '../../contracts/identity'
import {
  EXPORT_PROFILES,
  exportForbidden,
  exportingRoleIn,
  mayReadExportJob,
  mayStartExport,
  type ExportProfile,
} from '../exportPolicy'

// Every kind of caller against the three profiles of an export of study-A (and one of study-B),
// then who sees an export job.
const as = (...grants: Partial<Grant>[]): Identity => ({
  userId: 'caller',
  sessionId: 's',
  grants: grants.map((g) => ({ role: 'CRC', studyId: 'study-A', siteId: null, patientId: null, ...g })),
})
const WHO = {
  dataManager: as({ role: 'DATA_MANAGER' }),
  dataManagerOfSite1: as({ role: 'DATA_MANAGER', siteId: 'site-1' }),
  dataManagerOfStudyB: as({ role: 'DATA_MANAGER', studyId: 'study-B' }),
  sponsor: as({ role: 'SPONSOR' }),
  sponsorAndDataManager: as({ role: 'SPONSOR' }, { role: 'DATA_MANAGER' }),
  monitor: as({ role: 'MONITOR' }),
  investigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }),
  crc: as({ role: 'CRC', siteId: 'site-1' }),
  studyManager: as({ role: 'STUDY_MANAGER' }),
  organisationStudyManager: as({ role: 'STUDY_MANAGER', studyId: null }),
  pharmacist: as({ role: 'UNBLINDED_PHARMACIST' }),
  patient: as({ role: 'PATIENT', siteId: 'site-1', patientId: 'p' }),
  exportReader: as({ role: 'EXPORT_READER' }),
  nobody: as(),
  anonymous: null,
}
type Who = keyof typeof WHO

// [who, identified, sponsor, regulator] for study-A: the role it starts under, or why not.
const NO = 'no-exporting-role'
const MATRIX: [Who, string, string, string][] = [
  ['dataManager', 'DATA_MANAGER', 'DATA_MANAGER', 'DATA_MANAGER'],
  ['dataManagerOfSite1', 'site-level-grant', 'site-level-grant', 'site-level-grant'],
  ['dataManagerOfStudyB', NO, NO, NO],
  ['sponsor', 'identified-profile', 'SPONSOR', 'SPONSOR'],
  ['sponsorAndDataManager', 'DATA_MANAGER', 'DATA_MANAGER', 'DATA_MANAGER'],
  ['monitor', NO, NO, NO],
  ['investigator', NO, NO, NO],
  ['crc', NO, NO, NO],
  ['studyManager', NO, NO, NO],
  ['organisationStudyManager', NO, NO, NO],
  ['pharmacist', NO, NO, NO],
  ['patient', NO, NO, NO],
  ['exportReader', NO, NO, NO],
  ['nobody', NO, NO, NO],
  ['anonymous', NO, NO, NO],
]

it.each(MATRIX)('%s exports study-A: identified %s, sponsor %s, regulator %s', (who, ...expected) => {
  const outcomes = EXPORT_PROFILES.map((profile: ExportProfile) => {
    const decision = mayStartExport(WHO[who], 'study-A', profile)
    return decision.allowed ? decision.role : decision.refusal
  })
  expect(outcomes).toEqual(expected)
})

it('exports no other study than the one the grant is for', () => {
  for (const who of ['dataManager', 'sponsor'] as const)
    expect(mayStartExport(WHO[who], 'study-B', 'sponsor')).toEqual({ allowed: false, refusal: NO })
  expect(mayStartExport(WHO.dataManagerOfStudyB, 'study-B', 'identified')).toEqual({
    allowed: true,
    role: 'DATA_MANAGER',
  })
})

it('takes a whole-study grant for a sponsor too (never a site-narrowed one)', () => {
  expect(exportingRoleIn(as({ role: 'SPONSOR', siteId: 'site-1' }).grants, 'study-A')).toBeNull()
  expect(exportingRoleIn(WHO.sponsor.grants, 'study-A')).toBe('SPONSOR')
})

it('says why, in words of its own for each refusal, always FORBIDDEN', () => {
  const errors = (['no-exporting-role', 'site-level-grant', 'identified-profile'] as const).map(exportForbidden)
  expect(errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'])
  expect(new Set(errors.map((e) => e.message)).size).toBe(3)
  expect(errors[2]!.message).toMatch(/sponsor or regulator profile/)
})

// [who, job of study-A requested by the caller, requested by someone else]
const JOBS: [Who, boolean, boolean][] = [
  ['dataManager', true, true],
  ['dataManagerOfSite1', true, false],
  ['dataManagerOfStudyB', true, false],
  ['sponsor', true, false],
  ['monitor', true, false],
  ['organisationStudyManager', true, false],
  // A job's credential (the requester's user id) sees no export job, its own neither.
  ['exportReader', false, false],
  ['anonymous', false, false],
]
it.each(JOBS)("%s reads an export job of study-A: its own %s, someone else's %s", (who, ownJob, othersJob) => {
  expect(mayReadExportJob(WHO[who], { studyId: 'study-A', requestedBy: 'caller' })).toBe(ownJob)
  expect(mayReadExportJob(WHO[who], { studyId: 'study-A', requestedBy: 'someone-else' })).toBe(othersJob)
})
