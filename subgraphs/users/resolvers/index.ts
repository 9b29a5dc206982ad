import type { Resolvers } from '../generated/graphql'
import { user } from './queryUser'
import { RoleAssignment, User } from './user'
import { Site } from './siteStaff'
import { me, refreshSession, signIn, signOut } from './signIn'
import { AuditEvent, userAuditTrail } from './auditTrail'
import { confirmSignature } from './confirmSignature'
import { acceptInvitation, grantRole, inviteStaff, revokeRole } from './staffAdministration'

export const resolvers: Resolvers = {
  Query: { user, me },
  Mutation: { signIn, refreshSession, signOut, confirmSignature, inviteStaff, acceptInvitation, grantRole, revokeRole },
  // The audit trail is its own concern: its resolvers live in auditTrail.ts.
  User: { ...User, auditTrail: userAuditTrail },
  AuditEvent,
  RoleAssignment,
  Site,
}
