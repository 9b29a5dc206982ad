import type { AuditEvent, RoleAssignment, User } from '../generated/prisma/client'
import type { Role } from '../generated/prisma/enums'

// What resolvers receive as parents (codegen mappers): storage rows, and bare references to
// entities other subgraphs own.
export type UserModel = User
export type RoleAssignmentModel = RoleAssignment
export interface SiteRef {
  id: string
}
export interface StudyRef {
  id: string
}

/** One `Site.staff(role:)` request: a site's care team, optionally one role only. */
export interface SiteStaffQuery {
  siteId: string
  role: Role | null
}

/** A row of the audit trail (subgraph-runtime/audit). */
export type AuditEventModel = AuditEvent
