import { demoDataset } from '../../demo-data'

// What each role may do, written out by hand (not derived from the policy code) for
// accessMatrix.test.ts: the demo accounts that play the roles, the patients and sites they are
// tried on, and the expected answer of every cell.

export const data = demoDataset()
const site = (protocol: string, number: string) =>
  data.studies.sites.find(
    (s) => s.siteNumber === number && data.studies.studies.find((st) => st.id === s.studyId)!.protocolId === protocol,
  )!
export const ONC_101 = site('ONC-3017', '101')
export const ONC_102 = site('ONC-3017', '102')
export const RHE_101 = site('RHE-2204', '101')
const OWN_PATIENT = data.patients.patients.find((p) => p.subjectNumber === 'ONC-3017-101-0030')! // sakura.nilsson's record
const enrolled = (siteId: string, skip: string[] = []) =>
  data.patients.patients.find((p) => p.siteId === siteId && p.enrollmentStatus === 'ENROLLED' && !skip.includes(p.id))!
export const PATIENTS = {
  own: OWN_PATIENT,
  sameSite: enrolled(ONC_101.id, [OWN_PATIENT.id]),
  otherSite: enrolled(ONC_102.id),
  otherStudy: enrolled(RHE_101.id),
}
export type Target = keyof typeof PATIENTS

export const ROLES = {
  investigator: 'amara.okafor@crestmoor-cancer.example', // ONC-3017 site 101
  crc: 'daniel.whitfield@crestmoor-cancer.example', // ONC-3017 site 101
  dataManager: 'ingrid.nilsson@northbridge-cro.example', // ONC-3017, study level
  monitor: 'kwame.mensah@northbridge-cro.example', // ONC-3017, study level
  sponsor: 'chiara.romano@solvane-tx.example', // ONC-3017, blinded
  patient: 'sakura.nilsson@patient-mail.example', // subject ONC-3017-101-0030
  otherStudyCrc: 'erik.johansson@frontrange-rheum.example', // RHE-2204 site 101
  studyManager: 'samuel.bergstrom@northbridge-cro.example', // organisation level: every study's staff
  pharmacist: 'keiko.gupta@crestmoor-cancer.example', // unblinded pharmacist, ONC-3017 site 101
  // No person holds EXPORT_READER: an export job's credential (contracts/exportCredential.ts), issued
  // by the users context for the data manager's gateway session, with that one grant for ONC-3017.
  exportReader: 'ingrid.nilsson@northbridge-cro.example',
}
export type Role = keyof typeof ROLES

// Patient-level data: [own patient, same site, other site, other study]
export const READ: Record<Role, [boolean, boolean, boolean, boolean]> = {
  investigator: [true, true, false, false],
  crc: [true, true, false, false],
  dataManager: [true, true, true, false],
  monitor: [true, true, true, false],
  sponsor: [false, false, false, false],
  patient: [true, false, false, false],
  otherStudyCrc: [false, false, false, true],
  studyManager: [false, false, false, false],
  pharmacist: [false, false, false, false],
  exportReader: [true, true, true, false],
}
// Diary entries: [own patient, same site, other site]
export const WRITE_DIARY: Record<Role, [boolean, boolean, boolean]> = {
  investigator: [true, true, false],
  crc: [true, true, false],
  dataManager: [false, false, false],
  monitor: [false, false, false],
  sponsor: [false, false, false],
  patient: [true, false, false],
  otherStudyCrc: [false, false, false],
  studyManager: [false, false, false],
  pharmacist: [false, false, false],
  exportReader: [false, false, false],
}
// Site dashboard: [ONC 101, ONC 102, RHE 101] — full, the site without its patients, or nothing
export type Dashboard = 'full' | 'site-only' | 'denied'
export const DASHBOARD: Record<Role, [Dashboard, Dashboard, Dashboard]> = {
  investigator: ['full', 'site-only', 'denied'],
  crc: ['full', 'site-only', 'denied'],
  dataManager: ['full', 'full', 'denied'],
  monitor: ['full', 'full', 'denied'],
  sponsor: ['site-only', 'site-only', 'denied'],
  patient: ['site-only', 'denied', 'denied'],
  otherStudyCrc: ['denied', 'denied', 'full'],
  // An organisation-level study manager reads every study's sites and counts, never a patient.
  studyManager: ['site-only', 'site-only', 'site-only'],
  pharmacist: ['site-only', 'site-only', 'denied'],
  exportReader: ['full', 'full', 'denied'],
}
// The dashboard's aggregates of the site, where the site is readable at all: its enrollment
// counts (studies) and its stock totals (inventory). Both are aggregates, read by the same people;
// the site's pharmacist reads its stock (it is theirs to manage) but not its enrollment.
type Aggregates = 'counts+stock' | 'stock' | 'none' | null
export const DASHBOARD_AGGREGATES: Record<Role, [Aggregates, Aggregates, Aggregates]> = {
  investigator: ['counts+stock', 'none', null],
  crc: ['counts+stock', 'none', null],
  dataManager: ['counts+stock', 'counts+stock', null],
  monitor: ['counts+stock', 'counts+stock', null],
  sponsor: ['counts+stock', 'counts+stock', null],
  patient: ['none', null, null],
  otherStudyCrc: [null, null, 'counts+stock'],
  studyManager: ['counts+stock', 'counts+stock', 'counts+stock'],
  pharmacist: ['stock', 'none', null],
  exportReader: ['counts+stock', 'counts+stock', null],
}
// Case report forms (EDC), [own patient, same site, other site, other study]: staff read as they
// read patients; a patient sees none of it, a sponsor no patient-level data.
export const READ_FORMS: Record<Role, [boolean, boolean, boolean, boolean]> = {
  investigator: [true, true, false, false],
  crc: [true, true, false, false],
  dataManager: [true, true, true, false],
  monitor: [true, true, true, false],
  sponsor: [false, false, false, false],
  patient: [false, false, false, false],
  otherStudyCrc: [false, false, false, true],
  studyManager: [false, false, false, false],
  pharmacist: [false, false, false, false],
  exportReader: [true, true, true, false],
}
// Entering form data: the site's CRCs and investigators only.
export const ENTER_FORMS: Record<Role, [boolean, boolean, boolean, boolean]> = {
  investigator: [true, true, false, false],
  crc: [true, true, false, false],
  dataManager: [false, false, false, false],
  monitor: [false, false, false, false],
  sponsor: [false, false, false, false],
  patient: [false, false, false, false],
  otherStudyCrc: [false, false, false, true],
  studyManager: [false, false, false, false],
  pharmacist: [false, false, false, false],
  exportReader: [false, false, false, false],
}
// The EDC fields of the full view (casebook, a visit's forms) are not for a patient.
const EDC_PATHS = ['casebook', 'forms', 'openQueryCount']
export const onEdcPath = (e: { path?: readonly (string | number)[] }) => EDC_PATHS.some((p) => e.path?.includes(p))
// The contact details (email, phone) of the people on the full view (the patient's investigator and
// CRC), where the patient is readable: colleagues and the patient read them; an export job, names only.
export const onContactPath = (e: { path?: readonly (string | number)[] }) =>
  ['email', 'phone'].includes(String(e.path?.at(-1)))
export const readsContacts = (role: Role) => role !== 'exportReader'
// Live alert feed of a site: [ONC 101, ONC 102]
export const WATCH_ALERTS: Record<Role, [boolean, boolean]> = {
  investigator: [true, false],
  crc: [true, false],
  dataManager: [true, true],
  monitor: [true, true],
  sponsor: [false, false],
  patient: [false, false],
  otherStudyCrc: [false, false],
  studyManager: [false, false],
  pharmacist: [false, false],
  exportReader: [true, true],
}
