import type { Grant, Identity } from '../../contracts/identity'
import * as policy from '../accessPolicy'

// Every role against the same subjects and sites: own site, another site of the same study,
// another study; the patient themselves and another patient.
const STUDY = 'study-A'
const OTHER_STUDY = 'study-B'
const own = { studyId: STUDY, siteId: 'site-1', patientId: 'patient-1' }
const sameSiteOtherPatient = { ...own, patientId: 'patient-2' }
const otherSite = { studyId: STUDY, siteId: 'site-2', patientId: 'patient-3' }
const otherStudy = { studyId: OTHER_STUDY, siteId: 'site-9', patientId: 'patient-9' }

const as = (grant: Partial<Grant>): Identity => ({
  userId: 'u',
  sessionId: 's',
  grants: [{ role: 'CRC', studyId: STUDY, siteId: null, patientId: null, ...grant }],
})
const ROLES = {
  investigator: as({ role: 'INVESTIGATOR', siteId: 'site-1' }),
  crc: as({ role: 'CRC', siteId: 'site-1' }),
  dataManager: as({ role: 'DATA_MANAGER' }),
  monitorOfSite1: as({ role: 'MONITOR', siteId: 'site-1' }),
  sponsor: as({ role: 'SPONSOR' }),
  patient: as({ role: 'PATIENT', siteId: 'site-1', patientId: 'patient-1' }),
  studyManager: as({ role: 'STUDY_MANAGER' }),
  organisationStudyManager: as({ role: 'STUDY_MANAGER', studyId: null }),
  // An export job's credential (contracts/exportCredential.ts): one study-level grant, read only.
  exportReader: as({ role: 'EXPORT_READER' }),
  nobody: { userId: 'u', sessionId: 's', grants: [] } as Identity,
}
type Who = keyof typeof ROLES

// [who, own subject, other patient same site, other site, other study]
const READ_SUBJECT: [Who, boolean, boolean, boolean, boolean][] = [
  ['investigator', true, true, false, false],
  ['crc', true, true, false, false],
  ['dataManager', true, true, true, false],
  ['monitorOfSite1', true, true, false, false],
  ['sponsor', false, false, false, false],
  ['patient', true, false, false, false],
  ['studyManager', false, false, false, false],
  ['organisationStudyManager', false, false, false, false],
  ['exportReader', true, true, true, false],
  ['nobody', false, false, false, false],
]
it.each(READ_SUBJECT)('%s reads subjects: own %s, same site %s, other site %s, other study %s', (who, a, b, c, d) => {
  expect([own, sameSiteOtherPatient, otherSite, otherStudy].map((s) => policy.mayReadSubject(ROLES[who], s))).toEqual([
    a,
    b,
    c,
    d,
  ])
})

const WRITE_DIARY: [Who, boolean, boolean, boolean][] = [
  ['investigator', true, true, false],
  ['crc', true, true, false],
  ['dataManager', false, false, false],
  ['monitorOfSite1', false, false, false],
  ['sponsor', false, false, false],
  ['patient', true, false, false],
  ['exportReader', false, false, false],
]
it.each(WRITE_DIARY)('%s writes diaries: own %s, same site %s, other site %s', (who, a, b, c) => {
  expect([own, sameSiteOtherPatient, otherSite].map((s) => policy.mayWriteDiary(ROLES[who], s))).toEqual([a, b, c])
})

const SITES: [Who, 'watch' | 'acknowledge' | 'aggregates' | 'describe', boolean, boolean, boolean][] = [
  ['crc', 'watch', true, false, false],
  ['crc', 'acknowledge', true, false, false],
  ['dataManager', 'watch', true, true, false],
  ['dataManager', 'acknowledge', false, false, false],
  ['sponsor', 'watch', false, false, false],
  ['sponsor', 'aggregates', true, true, false],
  ['sponsor', 'describe', true, true, false],
  ['patient', 'watch', false, false, false],
  ['patient', 'aggregates', false, false, false],
  ['patient', 'describe', true, false, false],
  ['crc', 'describe', true, true, false],
  ['studyManager', 'watch', false, false, false],
  ['studyManager', 'aggregates', true, true, false],
  ['studyManager', 'describe', true, true, false],
  ['organisationStudyManager', 'watch', false, false, false],
  ['organisationStudyManager', 'aggregates', true, true, true],
  ['organisationStudyManager', 'describe', true, true, true],
  // An export reads the patient lists and alerts of every site of its study; it acknowledges nothing.
  ['exportReader', 'watch', true, true, false],
  ['exportReader', 'acknowledge', false, false, false],
  ['exportReader', 'aggregates', true, true, false],
  ['exportReader', 'describe', true, true, false],
]

it.each([
  ['studyManager', true, false],
  ['organisationStudyManager', true, true],
  ['sponsor', true, false],
  ['dataManager', true, false],
  ['exportReader', true, false],
  ['crc', false, false],
  ['monitorOfSite1', false, false],
  ['patient', false, false],
  ['nobody', false, false],
] as [Who, boolean, boolean][])(
  "%s reads a whole study's aggregates: %s, another study's: %s",
  (who, ownStudy, other) => {
    expect([STUDY, OTHER_STUDY].map((s) => policy.mayReadStudyAggregates(ROLES[who], s))).toEqual([ownStudy, other])
  },
)

it.each([
  ['studyManager', true, false],
  ['organisationStudyManager', true, true],
  ['sponsor', true, false],
  ['patient', true, false],
  ['exportReader', true, false],
] as [Who, boolean, boolean][])('%s describes its study: %s, another study: %s', (who, ownStudy, other) => {
  expect([STUDY, OTHER_STUDY].map((s) => policy.mayReadStudy(ROLES[who], s))).toEqual([ownStudy, other])
})
it.each(SITES)('%s may %s: own site %s, other site %s, other study %s', (who, what, a, b, c) => {
  const decide = {
    watch: policy.mayWatchSite,
    acknowledge: policy.mayAcknowledgeAlerts,
    aggregates: policy.mayReadAggregates,
    describe: policy.mayReadSite,
  }[what]
  expect([own, otherSite, otherStudy].map((s) => decide(ROLES[who], s))).toEqual([a, b, c])
})

it.each([
  ['dataManager', true],
  ['monitorOfSite1', true],
  ['crc', false],
  ['investigator', false],
  ['sponsor', false],
  ['patient', false],
  ['studyManager', false],
  ['organisationStudyManager', false],
  ['exportReader', true],
] as [Who, boolean][])("%s reads the audit trail of its site's records: %s", (who, allowed) => {
  expect(policy.mayReadAuditTrail(ROLES[who], [{ studyId: STUDY, siteId: 'site-1' }])).toBe(allowed)
  expect(policy.mayReadAuditTrail(ROLES[who], [{ studyId: OTHER_STUDY, siteId: 'site-9' }])).toBe(false)
})

it('narrows a site-level monitor to that site, and needs a study-level grant for records without a site', () => {
  expect(policy.mayReadAuditTrail(ROLES.monitorOfSite1, [{ studyId: STUDY, siteId: 'site-2' }])).toBe(false)
  expect(policy.mayReadAuditTrail(ROLES.monitorOfSite1, [{ studyId: STUDY, siteId: null }])).toBe(false)
  expect(policy.mayReadAuditTrail(ROLES.dataManager, [{ studyId: STUDY, siteId: null }])).toBe(true)
  expect(policy.mayReadAuditTrail(ROLES.exportReader, [{ studyId: STUDY, siteId: null }])).toBe(true)
})

// A colleague of the study (a CRC of site 1) and a patient of site 1: whose contact details each caller reads.
const colleague = { userId: 'colleague', roles: [{ role: 'CRC' as const, studyId: STUDY, siteId: 'site-1' }] }
const patientAccount = {
  userId: 'patient-account',
  roles: [{ role: 'PATIENT' as const, studyId: STUDY, siteId: 'site-1' }],
}
it.each([
  ['dataManager', true],
  ['crc', true],
  ['patient', true],
  ['sponsor', false],
  ['studyManager', false],
  // Names as an audit record shows them, yes (the users context's visibleUser); contact details, no.
  ['exportReader', false],
  ['nobody', false],
] as [Who, boolean][])("%s reads a colleague's contact details: %s; never a patient account's", (who, allowed) => {
  expect(policy.mayReadContactDetails(ROLES[who], colleague)).toBe(allowed)
  expect(policy.mayReadContactDetails(ROLES[who], patientAccount)).toBe(false)
})

it('an export reader of another study, or of none, reads nothing of this one', () => {
  for (const studyId of [OTHER_STUDY, null]) {
    const reader = as({ role: 'EXPORT_READER', studyId })
    expect([
      policy.mayReadSubject(reader, own),
      policy.mayWatchSite(reader, own),
      policy.mayReadAggregates(reader, own),
      policy.mayReadStudyAggregates(reader, STUDY),
      policy.mayReadStudy(reader, STUDY),
      policy.mayReadSite(reader, own),
      policy.mayReadAuditTrail(reader, [{ studyId: STUDY, siteId: 'site-1' }]),
    ]).toEqual([false, false, false, false, false, false, false])
  }
})

it('denies an anonymous caller everything', () => {
  expect([
    policy.mayReadSubject(null, own),
    policy.mayWatchSite(null, own),
    policy.mayReadStudy(null, STUDY),
    policy.mayReadSite(null, own),
  ]).toEqual([false, false, false, false])
})
