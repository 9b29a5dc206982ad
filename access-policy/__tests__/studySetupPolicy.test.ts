import type { Grant, Identity } from '../../contracts/identity'
import { mayCreateStudy, mayManageStudy } from '../studySetupPolicy'

// Every role, study-level and organisation-level, against its own study and another one.
const as = (grant: Partial<Grant>): Identity => ({
  userId: 'u',
  sessionId: 's',
  grants: [{ role: 'STUDY_MANAGER', studyId: 'study-A', siteId: null, patientId: null, ...grant }],
})
const WHO = {
  organisationStudyManager: as({ studyId: null }),
  studyManager: as({}),
  studyManagerOfSite1: as({ siteId: 'site-1' }),
  investigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }),
  crc: as({ role: 'CRC', siteId: 'site-1' }),
  dataManager: as({ role: 'DATA_MANAGER' }),
  monitor: as({ role: 'MONITOR' }),
  sponsor: as({ role: 'SPONSOR' }),
  sponsorWithoutStudy: as({ role: 'SPONSOR', studyId: null }),
  pharmacist: as({ role: 'UNBLINDED_PHARMACIST' }),
  patient: as({ role: 'PATIENT', siteId: 'site-1', patientId: 'patient-1' }),
  exportReader: as({ role: 'EXPORT_READER' }),
  nobody: { userId: 'u', sessionId: 's', grants: [] } as Identity,
}
type Who = keyof typeof WHO

// [who, create a study, manage study-A, manage study-B]
const MATRIX: [Who, boolean, boolean, boolean][] = [
  ['organisationStudyManager', true, true, true],
  ['studyManager', false, true, false],
  ['studyManagerOfSite1', false, true, false],
  ['investigator', false, false, false],
  ['crc', false, false, false],
  ['dataManager', false, false, false],
  ['monitor', false, false, false],
  ['sponsor', false, false, false],
  ['sponsorWithoutStudy', false, false, false],
  ['pharmacist', false, false, false],
  ['patient', false, false, false],
  ['exportReader', false, false, false],
  ['nobody', false, false, false],
]
it.each(MATRIX)('%s: creates studies %s, manages its study %s, another study %s', (who, create, ownStudy, other) => {
  const identity = WHO[who]
  expect([mayCreateStudy(identity), mayManageStudy(identity, 'study-A'), mayManageStudy(identity, 'study-B')]).toEqual([
    create,
    ownStudy,
    other,
  ])
})

it('denies an anonymous caller', () => {
  expect([mayCreateStudy(null), mayManageStudy(null, 'study-A')]).toEqual([false, false])
})
