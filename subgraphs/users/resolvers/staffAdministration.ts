import type { MutationResolvers } from '../generated/graphql'
import { parseId } from '../../../platform/ids'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { inviteStaff as issueInvitation, acceptInvitation as activateAccount } from '../staff/invitations'
import { grantRole as grant, revokeRole as revoke, type GrantOutcome } from '../staff/roleGrants'
import type { UsersContext } from '../context'

/** Notes a changed grants version for the response extension the gateway reads (grantsChangedExtension). */
const noted = ({ assignment, change }: GrantOutcome, context: UsersContext) => {
  if (change) context.grantsChanged.push(change)
  return assignment
}

export const inviteStaff: MutationResolvers['inviteStaff'] = (_parent, { input }, { prisma, identity, requestId }) =>
  issueInvitation(prisma, identity, requestActor(identity, requestId), {
    ...input,
    studyId: parseId(input.studyId, 'studyId'),
  })

// The activation token is the credential (the caller is anonymous); the account then signs in.
export const acceptInvitation: MutationResolvers['acceptInvitation'] = async (
  _parent,
  { token, password },
  { prisma, runtime, identity, requestId },
) => {
  const caller = requestActor(identity, requestId)
  const email = await activateAccount(prisma, caller, token, password)
  const outcome = await runtime.sessions.signIn(email, password, caller)
  if (outcome.kind !== 'signed-in') throw new Error(`an account just activated could not sign in (${outcome.reason})`)
  return outcome.session
}

export const grantRole: MutationResolvers['grantRole'] = async (_parent, { input }, context) => {
  const { prisma, identity, requestId } = context
  const request = {
    userId: parseId(input.userId, 'userId'),
    role: input.role,
    studyId: parseId(input.studyId, 'studyId'),
    siteId: input.siteId == null ? null : parseId(input.siteId, 'siteId'),
    reason: input.reason?.trim() || null,
  }
  return noted(await grant(prisma, identity, requestActor(identity, requestId), request), context)
}

export const revokeRole: MutationResolvers['revokeRole'] = async (_parent, args, context) => {
  const { prisma, identity, requestId } = context
  const reason = args.reason.trim()
  if (!reason) throw badInput('reason', 'A reason is required to revoke a role (it goes into the audit trail).')
  const request = { roleAssignmentId: parseId(args.roleAssignmentId, 'roleAssignmentId'), reason }
  return noted(await revoke(prisma, identity, requestActor(identity, requestId), request), context)
}
