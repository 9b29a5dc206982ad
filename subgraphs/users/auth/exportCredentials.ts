import {
  EXPORT_CREDENTIAL_ROLE,
  type ExportCredentialRequest,
  type ExportCredentialResponse,
} from '../../../contracts/exportCredential'
import type { Grant } from '../../../contracts/identity'
import { exportingRoleIn, mayStartExport, type ExportProfile } from '../../../access-policy/exportPolicy'
import { auditEvent } from '../../../subgraph-runtime/audit/auditTrail'
import { rolesOf } from '../../../subgraph-runtime/audit/auditActor'
import type { UsersPrisma } from '../data/prismaClient'
import { currentGrants } from '../staff/grantsVersion'
import type { TokenIssuer } from './tokenIssuer'

/** Why no credential was issued, in words the exports context can show the person. */
export type ExportCredentialRefusal = { refused: string }

/** The request and trace the issue belongs to (the exports service's call), for the audit trail. */
export interface ExportCredentialCaller {
  requestId: string
  traceId: string | null
}

/**
 * Issues an export job's credential (contracts/exportCredential.ts): an ordinary access token for
 * the person who started the job, in their sign-in session, at their current grants version, with
 * one grant — EXPORT_READER on the study. Only while the session is live and the person's, the
 * account active, and the person still holds a role that exports the study (access-policy
 * exportPolicy.ts exportingRoleIn: a study-level data manager or sponsor). Each issue is audited on
 * the person's User, the person as actor (it is their job), with the job and study; never the token.
 */
export async function issueExportCredential(
  prisma: UsersPrisma,
  issuer: TokenIssuer,
  request: ExportCredentialRequest,
  caller: ExportCredentialCaller,
  at: Date = new Date(),
): Promise<ExportCredentialResponse | ExportCredentialRefusal> {
  const { jobId, userId, sessionId, studyId, profile } = request
  const session = await prisma.userSession.findUnique({ where: { id: sessionId }, include: { user: true } })
  if (!session || session.userId !== userId) return { refused: 'The person has no such sign-in session.' }
  if (session.revokedAt || session.expiresAt <= at)
    return { refused: "The person's sign-in session has ended (signed out, revoked or expired)." }
  if (!session.user.active) return { refused: "The person's account is deactivated." }
  // The version from the account row read before the grants (grantsVersion.ts currentGrants).
  const current = await currentGrants(prisma, session.user)
  const role = exportingRoleIn(current.grants, studyId)
  if (!role)
    return { refused: 'The person holds no role that exports this study (a study-level data manager or sponsor).' }
  // The same decision the exports context made when the job was asked for, made again now.
  if (!mayStartExport({ userId, sessionId, grants: current.grants }, studyId, profile as ExportProfile).allowed)
    return { refused: `The person's role in this study (${role}) may not export with the ${profile} profile.` }

  const grant: Grant = { role: EXPORT_CREDENTIAL_ROLE, studyId, siteId: null, patientId: null }
  const { token, expiresAt } = await issuer.accessToken({
    userId,
    sessionId,
    grants: [grant],
    grantsVersion: current.grantsVersion,
  })
  // Nothing else changes, so the trail's row is the whole write; a token is handed out only once it is recorded.
  await auditEvent(
    prisma,
    { userId, role: rolesOf(current.grants), requestId: caller.requestId, traceId: caller.traceId },
    'EXPORT_CREDENTIAL_ISSUED',
    { type: 'User', id: userId },
    at,
    {
      newValue: {
        jobId,
        studyId,
        sessionId,
        exportingRole: role,
        profile,
        grants: [grant],
        grantsVersion: current.grantsVersion,
        expiresAt,
      },
    },
  )
  return { accessToken: token, expiresAt: expiresAt.toISOString() }
}
