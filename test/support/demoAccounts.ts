import { demoDataset } from '../../demo-data'
import { DEFAULT_DEMO_PASSWORD } from '../../subgraphs/users/auth/authSettings'
import { postGraphQL } from './graphqlClient'

/** Demo accounts by role, from the deterministic dataset (all share DEMO_ACCOUNT_PASSWORD). */
const { users, roleAssignments } = demoDataset().users
const emailOf = (userId: string) => users.find((u) => u.id === userId)!.email

/** A CRC of the site: who enters diaries on a patient's behalf and handles the site's alerts. */
export function crcAt(siteId: string): string {
  return emailOf(roleAssignments.find((r) => r.role === 'CRC' && r.siteId === siteId && !r.revokedAt)!.userId)
}

/** A study-level data manager: sees the whole study, writes nothing. */
export function dataManagerOf(studyId: string): string {
  return emailOf(
    roleAssignments.find(
      (r) => r.role === 'DATA_MANAGER' && r.studyId === studyId && r.siteId === null && !r.revokedAt,
    )!.userId,
  )
}

/** The organisation-level study manager: administers every study's staff. */
export function studyManager(): string {
  return emailOf(roleAssignments.find((r) => r.role === 'STUDY_MANAGER' && r.studyId === null && !r.revokedAt)!.userId)
}

/** The unblinded pharmacist of a site (oncology sites have one). */
export function unblindedPharmacistAt(siteId: string): string {
  return emailOf(
    roleAssignments.find((r) => r.role === 'UNBLINDED_PHARMACIST' && r.siteId === siteId && !r.revokedAt)!.userId,
  )
}

/** The CRC of a patient's site (diary entries are entered by the patient or their site's staff). */
export function crcOfPatient(patientId: string): string {
  return crcAt(demoDataset().patients.patients.find((p) => p.id === patientId)!.siteId)
}

/**
 * Signs a demo account in through the gateway (DEMO_ACCOUNT_PASSWORD, as the users subgraph reads it):
 * its access token.
 */
export async function demoAccessToken(gatewayUrl: string, email: string): Promise<string> {
  const { body } = await postGraphQL(
    gatewayUrl,
    'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }',
    { e: email, p: process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD },
  )
  if (!body.data?.signIn) throw new Error(`could not sign ${email} in: ${JSON.stringify(body.errors)}`)
  return body.data.signIn.accessToken as string
}
