import { demoDataset } from '../../demo-data'

/** Demo accounts by role, from the deterministic dataset (all share DEMO_ACCOUNT_PASSWORD). */
const { users, roleAssignments } = demoDataset().users
const emailOf = (userId: string) => users.find((u) => u.id === userId)!.email

/** A CRC of the site: who enters diaries on a patient's behalf and handles the site's alerts. */
export function crcAt(siteId: string): string {
  return emailOf(roleAssignments.find((r) => r.role === 'CRC' && r.siteId === siteId && !r.revokedAt)!.userId)
}

/** A study-level data manager: sees the whole study, writes nothing. */
export function dataManagerOf(studyId: string): string {
  return emailOf(roleAssignments.find((r) => r.role === 'DATA_MANAGER' && r.studyId === studyId && r.siteId === null && !r.revokedAt)!.userId)
}

/** The CRC of a patient's site (diary entries are entered by the patient or their site's staff). */
export function crcOfPatient(patientId: string): string {
  return crcAt(demoDataset().patients.patients.find((p) => p.id === patientId)!.siteId)
}
