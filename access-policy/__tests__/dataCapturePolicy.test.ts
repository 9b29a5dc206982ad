import type { Grant, Identity } from '../../contracts/identity'
import * as policy from '../dataCapturePolicy'

// The role × operation matrix of the EDC: every role against a patient of its own site, one of
// another site of the same study and one of another study.
const own = { studyId: 'study-A', siteId: 'site-1', patientId: 'patient-1' }
const otherSite = { studyId: 'study-A', siteId: 'site-2', patientId: 'patient-3' }
const otherStudy = { studyId: 'study-B', siteId: 'site-9', patientId: 'patient-9' }

const as = (grant: Partial<Grant>): Identity => ({
  userId: 'u',
  sessionId: 's',
  grants: [{ role: 'CRC', studyId: 'study-A', siteId: null, patientId: null, ...grant }],
})
const WHO = {
  investigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }),
  crc: as({ role: 'CRC', siteId: 'site-1' }),
  dataManager: as({ role: 'DATA_MANAGER' }),
  dataManagerOfSite1: as({ role: 'DATA_MANAGER', siteId: 'site-1' }),
  monitor: as({ role: 'MONITOR' }),
  monitorOfSite1: as({ role: 'MONITOR', siteId: 'site-1' }),
  sponsor: as({ role: 'SPONSOR' }),
  patient: as({ role: 'PATIENT', siteId: 'site-1', patientId: 'patient-1' }),
  exportReader: as({ role: 'EXPORT_READER' }),
  nobody: { userId: 'u', sessionId: 's', grants: [] } as Identity,
}
type Who = keyof typeof WHO
type Rule = 'read' | 'enter' | 'verify' | 'review' | 'lock' | 'sign'
const RULES: Record<Rule, (i: Identity, s: typeof own) => boolean> = {
  read: policy.mayReadCaseReportForms,
  enter: policy.mayEnterData,
  verify: policy.mayVerifySourceData,
  review: policy.mayReviewQueries,
  lock: policy.mayLockData,
  sign: policy.maySignCasebook,
}

// [who, rule, own site, other site of the study, other study]
const MATRIX: [Who, Rule, boolean, boolean, boolean][] = [
  ['investigator', 'read', true, false, false],
  ['investigator', 'enter', true, false, false],
  ['investigator', 'verify', false, false, false],
  ['investigator', 'review', false, false, false],
  ['investigator', 'lock', false, false, false],
  ['investigator', 'sign', true, false, false],
  ['crc', 'read', true, false, false],
  ['crc', 'enter', true, false, false],
  ['crc', 'verify', false, false, false],
  ['crc', 'review', false, false, false],
  ['crc', 'lock', false, false, false],
  ['crc', 'sign', false, false, false],
  ['dataManager', 'read', true, true, false],
  ['dataManager', 'enter', false, false, false],
  ['dataManager', 'verify', false, false, false],
  ['dataManager', 'review', true, true, false],
  ['dataManager', 'lock', true, true, false],
  ['dataManager', 'sign', false, false, false],
  ['dataManagerOfSite1', 'lock', true, false, false],
  ['monitor', 'read', true, true, false],
  ['monitor', 'enter', false, false, false],
  ['monitor', 'verify', true, true, false],
  ['monitor', 'review', true, true, false],
  ['monitor', 'lock', false, false, false],
  ['monitorOfSite1', 'verify', true, false, false],
  ['monitorOfSite1', 'review', true, false, false],
  ['sponsor', 'read', false, false, false],
  ['sponsor', 'enter', false, false, false],
  ['sponsor', 'review', false, false, false],
  ['patient', 'read', false, false, false],
  ['patient', 'enter', false, false, false],
  ['patient', 'sign', false, false, false],
  // An export job reads every site's forms of its study, and does nothing else.
  ['exportReader', 'read', true, true, false],
  ['exportReader', 'enter', false, false, false],
  ['exportReader', 'verify', false, false, false],
  ['exportReader', 'review', false, false, false],
  ['exportReader', 'lock', false, false, false],
  ['exportReader', 'sign', false, false, false],
  ['nobody', 'read', false, false, false],
]
it.each(MATRIX)('%s may %s: own site %s, other site %s, other study %s', (who, rule, a, b, c) => {
  expect([own, otherSite, otherStudy].map((s) => RULES[rule](WHO[who], s))).toEqual([a, b, c])
})

it('locks a whole study only with a study-level data manager grant', () => {
  const study = { studyId: 'study-A', siteId: null }
  expect(policy.mayLockData(WHO.dataManager, study)).toBe(true)
  expect(policy.mayLockData(WHO.dataManagerOfSite1, study)).toBe(false)
  expect(policy.mayLockData(WHO.monitor, study)).toBe(false)
  expect(policy.mayLockData(WHO.exportReader, study)).toBe(false)
})

it.each([
  ['investigator', true],
  ['dataManager', true],
  ['sponsor', true],
  ['exportReader', true],
  ['patient', false],
  ['nobody', false],
] as [Who, boolean][])('%s reads form definitions of the study: %s', (who, expected) => {
  expect(policy.mayReadFormDefinitions(WHO[who], 'study-A')).toBe(expected)
  expect(policy.mayReadFormDefinitions(WHO[who], 'study-B')).toBe(false)
})

it.each([
  ['dataManager', true],
  ['dataManagerOfSite1', false],
  ['monitor', false],
  ['investigator', false],
  ['crc', false],
  ['sponsor', false],
  ['exportReader', false],
  ['patient', false],
  ['nobody', false],
] as [Who, boolean][])('%s publishes form definitions of the study: %s', (who, expected) => {
  expect(policy.mayPublishFormDefinitions(WHO[who], 'study-A')).toBe(expected)
  expect(policy.mayPublishFormDefinitions(WHO[who], 'study-B')).toBe(false)
})

it.each([
  ['dataManager', true],
  ['monitor', true],
  ['sponsor', true],
  ['exportReader', true],
  ['dataManagerOfSite1', false],
  ['investigator', false],
  ['crc', false],
  ['patient', false],
  ['nobody', false],
] as [Who, boolean][])('%s reads the query counts of the whole study: %s', (who, expected) => {
  expect(policy.mayReadStudyQueryCounts(WHO[who], 'study-A')).toBe(expected)
  expect(policy.mayReadStudyQueryCounts(WHO[who], 'study-B')).toBe(false)
})
