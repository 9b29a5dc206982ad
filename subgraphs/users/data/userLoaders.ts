import DataLoader from 'dataloader'
import type { RoleAssignment, User } from '../generated/prisma/client'
import type { UsersPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

// A user and their roles are read by every full view (its investigator and CRC): past Prisma's
// query API (directReads.ts), each row named as Prisma's model names it, enums as text.
// userLoaders.pg.test.ts checks them against Prisma's own findMany.
const USER = `SELECT id, email, given_name AS "givenName", family_name AS "familyName", title, phone, organization,
  active, grants_version AS "grantsVersion", created_at AS "createdAt", updated_at AS "updatedAt"
  FROM app_user`
const ROLE_ASSIGNMENT = `SELECT id, user_id AS "userId", role::text AS role, study_id AS "studyId", site_id AS "siteId",
  patient_id AS "patientId", granted_at AS "grantedAt", granted_by AS "grantedBy", revoked_at AS "revokedAt",
  revoked_by AS "revokedBy", revoke_reason AS "revokeReason"
  FROM role_assignment`

/** Per-request loaders for users and their roles: one SQL statement per batch. */
export function createUserLoaders(prisma: UsersPrisma) {
  // Every role a person holds or held, in the order granted, read once per request: who may see a
  // profile depends on the studies they work or worked on (a former CRC still appears in the
  // history of their site), and their current roles are those not revoked (revoked assignments
  // stay in the table for the audit trail). Two loaders on the same rows cost a user entity fetch a
  // second statement.
  const everHeld = new DataLoader<string, RoleAssignment[]>(async (userIds) =>
    groupByKey(
      userIds,
      await prisma.direct.rows<RoleAssignment>(
        `${ROLE_ASSIGNMENT} WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, granted_at, id`,
        [userIds],
      ),
      (a) => a.userId,
    ),
  )
  return {
    userById: new DataLoader<string, User | null>(async (ids) =>
      byKey(ids, await prisma.direct.rows<User>(`${USER} WHERE id = ANY($1::uuid[])`, [ids]), (u) => u.id),
    ),
    rolesByUser: { load: async (userId: string) => (await everHeld.load(userId)).filter((a) => a.revokedAt === null) },
    rolesEverHeld: everHeld,
  }
}
