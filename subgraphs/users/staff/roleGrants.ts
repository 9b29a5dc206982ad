import crypto from 'node:crypto'
import type { Identity } from '../../../contracts/identity'
import type { GrantsVersionChange } from '../../../contracts/grantsVersions'
import { mayChangeGrant } from '../../../access-policy/staffAdministrationPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { UsersPrisma } from '../data/prismaClient'
import type { RoleAssignment } from '../generated/prisma/client'
import type { Role as StoredRole } from '../generated/prisma/enums'
import { bumpGrantsVersion, lockHolder } from './grantsVersion'

export interface GrantRequest {
  userId: string
  /** A role an assignment can hold: not EXPORT_READER, which only export credentials carry (never stored). */
  role: StoredRole
  studyId: string
  siteId: string | null
  reason: string | null
}

/** The assignment, and the holder's new grants version when something changed (null: nothing did). */
export interface GrantOutcome {
  assignment: RoleAssignment
  change: GrantsVersionChange | null
}

/** What the holder's trail shows of an assignment (the User is the audited entity: their trail lists it). */
const assignmentFacts = (a: RoleAssignment) => ({
  roleAssignmentId: a.id,
  role: a.role,
  studyId: a.studyId,
  siteId: a.siteId,
})

/**
 * Grants a role, with its audit row and the holder's grants version bump, in one transaction.
 * A grant the holder already holds (same role and scope, not revoked) is returned as it is: nothing
 * is written, nothing audited (the unique index role_assignment_live backs this under concurrency,
 * with the holder's row locked).
 */
export async function grantRole(
  prisma: UsersPrisma,
  identity: Identity | null,
  actor: AuditActor,
  request: GrantRequest,
  at: Date = new Date(),
): Promise<GrantOutcome> {
  const scope = { studyId: request.studyId, siteId: request.siteId }
  if (!mayChangeGrant(identity, { holderId: request.userId, role: request.role, scope })) throw forbidden('operation')
  return prisma.$transaction(async (tx) => {
    if (!(await lockHolder(tx, request.userId))) throw forbidden('user', request.userId)
    const held = await tx.roleAssignment.findMany({ where: { userId: request.userId, revokedAt: null } })
    // A patient's account is theirs alone (its contact details are no colleague's): never staff too.
    if (held.some((a) => a.role === 'PATIENT')) throw forbidden('user', request.userId)
    const same = held.find(
      (a) => a.role === request.role && a.studyId === scope.studyId && a.siteId === scope.siteId && !a.patientId,
    )
    if (same) return { assignment: same, change: null }
    const assignment = await tx.roleAssignment.create({
      data: {
        id: crypto.randomUUID(),
        userId: request.userId,
        role: request.role,
        ...scope,
        grantedAt: at,
        grantedBy: identity!.userId,
      },
    })
    const change = await bumpGrantsVersion(tx, request.userId)
    await tx.auditEvent.createMany({
      data: [
        auditRow(actor, 'ROLE_GRANTED', { type: 'User', id: request.userId }, at, {
          newValue: { ...assignmentFacts(assignment), grantsVersion: change.version },
          reasonForChange: request.reason,
        }),
      ],
    })
    return { assignment, change }
  })
}

/**
 * Revokes an assignment, with the reason, its audit row and the holder's grants version bump, in
 * one transaction. Whoever may grant it may revoke it; an assignment already revoked comes back
 * unchanged (nothing audited).
 */
export async function revokeRole(
  prisma: UsersPrisma,
  identity: Identity | null,
  actor: AuditActor,
  request: { roleAssignmentId: string; reason: string },
  at: Date = new Date(),
): Promise<GrantOutcome> {
  const found = await prisma.roleAssignment.findUnique({ where: { id: request.roleAssignmentId } })
  const allowed =
    found &&
    found.patientId === null &&
    mayChangeGrant(identity, {
      holderId: found.userId,
      role: found.role,
      scope: { studyId: found.studyId, siteId: found.siteId },
    })
  if (!allowed) throw forbidden('role assignment', request.roleAssignmentId)
  return prisma.$transaction(async (tx) => {
    await lockHolder(tx, found.userId)
    const { count } = await tx.roleAssignment.updateMany({
      where: { id: found.id, revokedAt: null },
      data: { revokedAt: at, revokedBy: identity!.userId, revokeReason: request.reason },
    })
    const assignment = await tx.roleAssignment.findUniqueOrThrow({ where: { id: found.id } })
    if (count === 0) return { assignment, change: null }
    const change = await bumpGrantsVersion(tx, found.userId)
    await tx.auditEvent.createMany({
      data: [
        auditRow(actor, 'ROLE_REVOKED', { type: 'User', id: found.userId }, at, {
          oldValue: assignmentFacts(found),
          newValue: { revokedAt: at, grantsVersion: change.version },
          reasonForChange: request.reason,
        }),
      ],
    })
    return { assignment, change }
  })
}
