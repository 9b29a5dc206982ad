import type { AuditEventResolvers, UserResolvers } from '../generated/graphql'
import { auditEventFields } from '../../../subgraph-runtime/audit/auditEventFields'
import { auditTrailForbidden, mayReadAuditTrail } from '../../../access-policy/auditAccess'

// An account's audit trail (sign-ins, failed sign-ins, sessions: ICH E6(R3) 4.2.2), for the user
// themselves and for data managers and monitors of a study (or site) the user holds a role in.
// Anyone else gets null with FORBIDDEN.

export const AuditEvent: AuditEventResolvers = {
  ...auditEventFields,
  actor: (event, _args, { loaders }) => (event.actorUserId ? loaders.userById.load(event.actorUserId) : null),
}

export const userAuditTrail: UserResolvers['auditTrail'] = async (user, _args, { identity, loaders }) => {
  const ownAccount = identity !== null && identity.userId === user.id
  if (!ownAccount && !mayReadAuditTrail(identity, await loaders.auditScopesOfUser.load(user.id)))
    throw auditTrailForbidden()
  return loaders.auditTrailOfUser.load(user.id)
}
