import type { Grant, Identity, Role } from '../../contracts/identity'
import { GRANTABLE_ROLES, mayAdministerStaff, mayChangeGrant } from '../staffAdministrationPolicy'

// Staff administration, every kind of caller against a grant in its own study, in another study,
// and organisation-wide; then the role-specific rules (study managers, patients, oneself).
const as = (...grants: Partial<Grant>[]): Identity => ({
  userId: 'caller',
  sessionId: 's',
  grants: grants.map((g) => ({ role: 'CRC', studyId: 'study-A', siteId: null, patientId: null, ...g })),
})
const WHO = {
  organisationManager: as({ role: 'STUDY_MANAGER', studyId: null }),
  studyManager: as({ role: 'STUDY_MANAGER' }),
  studyManagerNarrowedToSite: as({ role: 'STUDY_MANAGER', siteId: 'site-1' }),
  investigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }),
  crc: as({ role: 'CRC', siteId: 'site-1' }),
  dataManager: as({ role: 'DATA_MANAGER' }),
  monitor: as({ role: 'MONITOR' }),
  sponsor: as({ role: 'SPONSOR' }),
  pharmacist: as({ role: 'UNBLINDED_PHARMACIST' }),
  patient: as({ role: 'PATIENT', siteId: 'site-1', patientId: 'p' }),
  exportReader: as({ role: 'EXPORT_READER' }),
  nobody: as(),
  anonymous: null,
}
type Who = keyof typeof WHO

const crcAt = (studyId: string | null, siteId: string | null = null) => ({
  holderId: 'someone',
  role: 'CRC' as Role,
  scope: { studyId, siteId },
})

// [who, administer study A, grant CRC in study A (site 1), grant CRC in study B, administer study B]
const MATRIX: [Who, boolean, boolean, boolean, boolean][] = [
  ['organisationManager', true, true, true, true],
  ['studyManager', true, true, false, false],
  ['studyManagerNarrowedToSite', false, false, false, false],
  ['investigator', false, false, false, false],
  ['crc', false, false, false, false],
  ['dataManager', false, false, false, false],
  ['monitor', false, false, false, false],
  ['sponsor', false, false, false, false],
  ['pharmacist', false, false, false, false],
  ['patient', false, false, false, false],
  ['exportReader', false, false, false, false],
  ['nobody', false, false, false, false],
  ['anonymous', false, false, false, false],
]

describe.each(MATRIX)('%s', (who, administerA, grantInA, grantInB, administerB) => {
  const identity = WHO[who]
  it(`administers study A: ${administerA}, study B: ${administerB}`, () => {
    expect(mayAdministerStaff(identity, 'study-A')).toBe(administerA)
    expect(mayAdministerStaff(identity, 'study-B')).toBe(administerB)
  })
  it(`grants a CRC role in study A: ${grantInA}, in study B: ${grantInB}`, () => {
    expect(mayChangeGrant(identity, crcAt('study-A', 'site-1'))).toBe(grantInA)
    expect(mayChangeGrant(identity, crcAt('study-B', 'site-9'))).toBe(grantInB)
  })
})

// [who, role, scope study, allowed]
const ROLE_RULES: [Who, Role, string | null, boolean][] = [
  ['organisationManager', 'STUDY_MANAGER', 'study-A', true],
  ['organisationManager', 'STUDY_MANAGER', null, true],
  ['studyManager', 'STUDY_MANAGER', 'study-A', false],
  ['studyManager', 'UNBLINDED_PHARMACIST', 'study-A', true],
  ['studyManager', 'SPONSOR', 'study-A', true],
  ['studyManager', 'DATA_MANAGER', null, false],
  ['organisationManager', 'PATIENT', 'study-A', false],
  ['studyManager', 'PATIENT', 'study-A', false],
  // Export jobs' role is never a person's: not even an organisation-level study manager grants it.
  ['organisationManager', 'EXPORT_READER', 'study-A', false],
  ['organisationManager', 'EXPORT_READER', null, false],
  ['studyManager', 'EXPORT_READER', 'study-A', false],
]

it.each(ROLE_RULES)('%s changing a %s grant in %s: %s', (who, role, studyId, allowed) => {
  expect(mayChangeGrant(WHO[who], { holderId: 'someone', role, scope: { studyId, siteId: null } })).toBe(allowed)
})

it('never lists EXPORT_READER among the grantable roles', () => {
  expect(GRANTABLE_ROLES).not.toContain('EXPORT_READER')
})

it('refuses a change of the caller’s own grants, even to an organisation-level study manager', () => {
  const own = { holderId: 'caller', role: 'CRC' as Role, scope: { studyId: 'study-A', siteId: null } }
  expect(mayChangeGrant(WHO.organisationManager, own)).toBe(false)
  expect(mayChangeGrant(WHO.studyManager, own)).toBe(false)
})
