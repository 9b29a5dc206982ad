import crypto from 'node:crypto'
import type { Identity } from '../../../contracts/identity'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { mayAdministerStaff } from '../../../access-policy/staffAdministrationPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { auditEvent, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { rolesOf } from '../../../subgraph-runtime/audit/auditActor'
import type { UsersPrisma } from '../data/prismaClient'
import type { User } from '../generated/prisma/client'
import { UsersErrorCodes } from '../errorCodes'
import { hashPassword } from '../auth/passwordHash'
import { throttleKey } from '../auth/failureCounter'
// An activation token is the same kind of secret as a refresh token: 256 random bits, kept as SHA-256.
import { newRefreshToken as newActivationToken, refreshTokenHash as activationTokenHash } from '../auth/refreshTokens'

/** How long an invitation can be accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000
/** NIST SP 800-63B 3.1.1.2: at least 8; we ask 12 of a password the person chooses themselves. */
export const MIN_PASSWORD_LENGTH = 12

export interface StaffInvitationInput {
  studyId: string
  email: string
  givenName: string
  familyName: string
  title?: string | null
  organization?: string | null
  phone?: string | null
}

export interface IssuedInvitation {
  user: User
  activationToken: string
  expiresAt: Date
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const required = (name: string, value: string) => {
  const trimmed = value.trim()
  if (!trimmed) throw badInput(name, `"${name}" must not be empty.`)
  return trimmed
}
const optional = (value: string | null | undefined) => value?.trim() || null

/**
 * An inactive account and its one-time activation token, audited (INVITATION_ISSUED, without the
 * token) in the transaction that creates them.
 */
export async function inviteStaff(
  prisma: UsersPrisma,
  identity: Identity | null,
  actor: AuditActor,
  input: StaffInvitationInput,
  at: Date = new Date(),
): Promise<IssuedInvitation> {
  if (!mayAdministerStaff(identity, input.studyId)) throw forbidden('operation')
  const email = throttleKey(input.email)
  if (!EMAIL.test(email)) throw badInput('email', `"${input.email}" is not an email address.`)
  const profile = {
    email,
    givenName: required('givenName', input.givenName),
    familyName: required('familyName', input.familyName),
    title: optional(input.title),
    organization: optional(input.organization),
    phone: optional(input.phone),
  }
  const activationToken = newActivationToken()
  const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS)
  const user = await prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: of two invitations of one address at once, the second finds it taken.
    const id = crypto.randomUUID()
    const { count } = await tx.user.createMany({ data: [{ id, ...profile, active: false }], skipDuplicates: true })
    if (count === 0) throw appError(UsersErrorCodes.EMAIL_TAKEN, `An account with the address ${email} already exists.`)
    const created = await tx.user.findUniqueOrThrow({ where: { id } })
    const invitation = await tx.staffInvitation.create({
      data: {
        id: crypto.randomUUID(),
        userId: created.id,
        tokenHash: activationTokenHash(activationToken),
        expiresAt,
        createdBy: identity!.userId,
        createdAt: at,
      },
    })
    await auditEvent(tx, actor, 'INVITATION_ISSUED', { type: 'User', id: created.id }, at, {
      newValue: { ...profile, studyId: input.studyId, invitationId: invitation.id, expiresAt },
    })
    return created
  })
  return { user, activationToken, expiresAt }
}

/**
 * Activates an invited account: its password set, the invitation used up (only once: the
 * conditional update decides between two concurrent acceptances), audited as INVITATION_ACCEPTED by
 * the invited person. Returns the account's email, for the sign-in that follows.
 */
export async function acceptInvitation(
  prisma: UsersPrisma,
  caller: AuditActor,
  token: string,
  password: string,
  at: Date = new Date(),
): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw badInput('password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
  const passwordHash = await hashPassword(password)
  const invalid = () =>
    appError(UsersErrorCodes.INVALID_INVITATION, 'This invitation is not valid (unknown, used or expired).')
  return prisma.$transaction(async (tx) => {
    const tokenHash = activationTokenHash(token)
    const { count } = await tx.staffInvitation.updateMany({
      where: { tokenHash, acceptedAt: null, expiresAt: { gt: at } },
      data: { acceptedAt: at },
    })
    if (count !== 1) throw invalid()
    const invitation = await tx.staffInvitation.findUniqueOrThrow({ where: { tokenHash }, include: { user: true } })
    await tx.user.update({ where: { id: invitation.userId }, data: { active: true } })
    await tx.credential.upsert({
      where: { userId: invitation.userId },
      create: { userId: invitation.userId, passwordHash, passwordChangedAt: at },
      update: { passwordHash, passwordChangedAt: at },
    })
    // The invited person acts, proven by the token; they may already hold roles granted since.
    const roles = await tx.roleAssignment.findMany({ where: { userId: invitation.userId, revokedAt: null } })
    await auditEvent(
      tx,
      { ...caller, userId: invitation.userId, role: rolesOf(roles) },
      'INVITATION_ACCEPTED',
      { type: 'User', id: invitation.userId },
      at,
      { newValue: { invitationId: invitation.id, active: true } },
    )
    return invitation.user.email
  })
}
