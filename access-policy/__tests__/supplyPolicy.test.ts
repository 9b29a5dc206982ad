import type { Grant, Identity } from '../../contracts/identity'
import * as policy from '../supplyPolicy'

// The role × rule matrix of drug supply: every role against a subject of its own site, one of
// another site of the same study and one of another study.
const own = { studyId: 'study-A', siteId: 'site-1', patientId: 'patient-1' }
const otherSite = { studyId: 'study-A', siteId: 'site-2', patientId: 'patient-3' }
const otherStudy = { studyId: 'study-B', siteId: 'site-9', patientId: 'patient-9' }

const as = (grant: Partial<Grant>, userId = 'u'): Identity => ({
  userId,
  sessionId: 's',
  grants: [{ role: 'CRC', studyId: 'study-A', siteId: null, patientId: null, ...grant }],
})
const WHO = {
  investigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }),
  unblindingInvestigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }, 'unblinder'),
  crc: as({ role: 'CRC', siteId: 'site-1' }),
  dataManager: as({ role: 'DATA_MANAGER' }),
  monitor: as({ role: 'MONITOR' }),
  sponsor: as({ role: 'SPONSOR' }),
  studyManager: as({ role: 'STUDY_MANAGER' }),
  organisationStudyManager: as({ role: 'STUDY_MANAGER', studyId: null }),
  pharmacist: as({ role: 'UNBLINDED_PHARMACIST' }),
  pharmacistOfSite1: as({ role: 'UNBLINDED_PHARMACIST', siteId: 'site-1' }),
  patient: as({ role: 'PATIENT', siteId: 'site-1', patientId: 'patient-1' }),
  exportReader: as({ role: 'EXPORT_READER' }),
  nobody: { userId: 'u', sessionId: 's', grants: [] } as Identity,
}
type Who = keyof typeof WHO
type Rule = 'handleKits' | 'manageSite' | 'manageStudy' | 'readArm' | 'unblind' | 'readKits' | 'readStock'
// The subjects 'unblinder' emergency-unblinded, whatever the subject: only a site investigator's counts.
const UNBLINDED_BY = ['unblinder']
const RULES: Record<Rule, (i: Identity, s: typeof own) => boolean> = {
  handleKits: policy.mayHandleKitsAtSite,
  manageSite: policy.mayManageSupply,
  manageStudy: (i, s) => policy.mayManageSupply(i, { studyId: s.studyId, siteId: null }),
  readArm: (i, s) => policy.mayReadTreatmentArm(i, s, UNBLINDED_BY),
  unblind: policy.mayEmergencyUnblind,
  readKits: policy.mayReadSubjectKits,
  readStock: policy.mayReadSiteStock,
}

// [who, rule, own site, other site of the study, other study]
const MATRIX: [Who, Rule, boolean, boolean, boolean][] = [
  ['investigator', 'handleKits', true, false, false],
  ['investigator', 'manageSite', false, false, false],
  ['investigator', 'manageStudy', false, false, false],
  ['investigator', 'readArm', false, false, false],
  ['investigator', 'unblind', true, false, false],
  ['investigator', 'readKits', true, false, false],
  ['investigator', 'readStock', true, false, false],
  ['unblindingInvestigator', 'readArm', true, false, false],
  ['crc', 'handleKits', true, false, false],
  ['crc', 'manageSite', false, false, false],
  ['crc', 'readArm', false, false, false],
  ['crc', 'unblind', false, false, false],
  ['crc', 'readKits', true, false, false],
  ['crc', 'readStock', true, false, false],
  ['dataManager', 'handleKits', false, false, false],
  ['dataManager', 'readArm', false, false, false],
  ['dataManager', 'readKits', true, true, false],
  ['dataManager', 'readStock', true, true, false],
  ['monitor', 'handleKits', false, false, false],
  ['monitor', 'readArm', false, false, false],
  ['monitor', 'readKits', true, true, false],
  ['sponsor', 'handleKits', false, false, false],
  ['sponsor', 'readArm', false, false, false],
  ['sponsor', 'readKits', false, false, false],
  ['sponsor', 'readStock', true, true, false],
  ['studyManager', 'handleKits', false, false, false],
  ['studyManager', 'manageStudy', false, false, false],
  ['studyManager', 'readArm', false, false, false],
  ['studyManager', 'readKits', false, false, false],
  ['studyManager', 'readStock', true, true, false],
  // Stock totals are aggregates: an organisation-level study manager reads them as it reads counts.
  ['organisationStudyManager', 'readStock', true, true, true],
  ['organisationStudyManager', 'readKits', false, false, false],
  ['organisationStudyManager', 'readArm', false, false, false],
  ['pharmacist', 'handleKits', true, true, false],
  ['pharmacist', 'manageSite', true, true, false],
  ['pharmacist', 'manageStudy', true, true, false],
  ['pharmacist', 'readArm', true, true, false],
  ['pharmacist', 'unblind', false, false, false],
  ['pharmacist', 'readKits', true, true, false],
  ['pharmacist', 'readStock', true, true, false],
  ['pharmacistOfSite1', 'manageSite', true, false, false],
  ['pharmacistOfSite1', 'manageStudy', false, false, false],
  ['pharmacistOfSite1', 'readArm', true, false, false],
  ['patient', 'handleKits', false, false, false],
  ['patient', 'readArm', false, false, false],
  ['patient', 'unblind', false, false, false],
  ['patient', 'readKits', true, false, false],
  ['patient', 'readStock', false, false, false],
  // An export job is blinded: kit numbers and stock totals as the data manager reads them, never an arm.
  ['exportReader', 'handleKits', false, false, false],
  ['exportReader', 'manageSite', false, false, false],
  ['exportReader', 'manageStudy', false, false, false],
  ['exportReader', 'readArm', false, false, false],
  ['exportReader', 'unblind', false, false, false],
  ['exportReader', 'readKits', true, true, false],
  ['exportReader', 'readStock', true, true, false],
  ['nobody', 'handleKits', false, false, false],
  ['nobody', 'readArm', false, false, false],
  ['nobody', 'readStock', false, false, false],
]

test.each(MATRIX)('%s %s: own site %s, other site %s, other study %s', (who, rule, a, b, c) => {
  expect([own, otherSite, otherStudy].map((s) => RULES[rule](WHO[who], s))).toEqual([a, b, c])
})

test('an investigator who unblinded one subject reads that subject only, not a CRC of the same site', () => {
  const other = { ...own, patientId: 'patient-2' }
  expect(policy.mayReadTreatmentArm(WHO.unblindingInvestigator, own, ['unblinder'])).toBe(true)
  expect(policy.mayReadTreatmentArm(WHO.unblindingInvestigator, other, [])).toBe(false)
  expect(policy.mayReadTreatmentArm(as({ role: 'CRC', siteId: 'site-1' }, 'unblinder'), own, ['unblinder'])).toBe(false)
})

test("an export credential of the investigator who unblinded a subject still reads no arm: it carries no investigator's role", () => {
  expect(policy.mayReadTreatmentArm(as({ role: 'EXPORT_READER' }, 'unblinder'), own, ['unblinder'])).toBe(false)
})

// The depots are shared by every study: listed for a study-wide pharmacist of any study only.
test.each(Object.keys(WHO) as Who[])('%s reads the depots only as a study-wide pharmacist', (who) => {
  expect(policy.mayReadDepots(WHO[who])).toBe(who === 'pharmacist')
})
