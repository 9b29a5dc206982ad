import type { Role } from './identity'

/**
 * How an export job reads its study: through the gateway like any client, with an access token the
 * users context issues to the exports context (a service-only route: contracts/serviceAssertion.ts)
 * for the person who started the job, in that person's sign-in session, carrying one grant only —
 * the read-only role EXPORT_READER on the job's study. So the gateway's checks apply unchanged (the
 * token's signature, expiry, the holder's grants version: a role revoked mid-export stops it), the
 * job reads nothing of another study, and writes nothing anywhere.
 *
 * Users issues one only while the session is live, the person active and still holding a role that
 * may export the study (DATA_MANAGER or SPONSOR on it); it audits each issue. The token lives as
 * long as any access token; a long job asks again when it nears expiry.
 *
 *   POST /export-credentials   x-service-assertion: <JWT from "exports">   body: ExportCredentialRequest
 *
 * Answers: 200 ExportCredentialResponse; 400 BAD_REQUEST (a body that is not four uuids); 401
 * UNAUTHENTICATED (no valid service assertion: a gateway assertion included); 403 FORBIDDEN from any
 * other service, and when a condition above fails (its message says which) — all error documents.
 */
export const EXPORT_CREDENTIAL_PATH = '/export-credentials'
export const EXPORT_CREDENTIAL_SUBGRAPH = 'users'
/** The only service users issues export credentials to. */
export const EXPORT_CREDENTIAL_CALLER = 'exports'
/** Roles whose holders' jobs get a credential (the exports context decides which profile each may use). */
export const EXPORTING_ROLES = ['DATA_MANAGER', 'SPONSOR'] as const
/** The one grant's role: an access token with only this role is an export job's (the gateway rate-limits it apart). */
export const EXPORT_CREDENTIAL_ROLE = 'EXPORT_READER' satisfies Role

export interface ExportCredentialRequest {
  /** The job the credential is for (named in the audit trail). */
  jobId: string
  /** Who started the job, and in which sign-in session. */
  userId: string
  sessionId: string
  studyId: string
  /**
   * The job's de-identification profile (identified, sponsor, regulator): a sponsor's credential is
   * only ever for a de-identified one, so a data manager demoted to sponsor while their identified
   * job waited gets none.
   */
  profile: string
}

export interface ExportCredentialResponse {
  accessToken: string
  /** ISO 8601. */
  expiresAt: string
}
