import type { Grant } from '../../../contracts/identity'
import type { GrantsVersionChange } from '../../../contracts/grantsVersions'
import type { UsersPrisma } from '../data/prismaClient'

type Tx = Parameters<Parameters<UsersPrisma['$transaction']>[0]>[0]

/**
 * Locks the holder's account row for the rest of the transaction: grants and revocations of one
 * person run one after the other, so "is this grant already held?" stays true until the commit.
 * Null when there is no such account.
 */
export async function lockHolder(tx: Tx, userId: string): Promise<{ id: string } | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM app_user WHERE id = ${userId}::uuid FOR UPDATE`
  return rows[0] ?? null
}

/** Bumps the holder's grants version, in the transaction of the change (contracts/grantsVersions.ts). */
export async function bumpGrantsVersion(tx: Tx, userId: string): Promise<GrantsVersionChange> {
  const { grantsVersion } = await tx.user.update({
    where: { id: userId },
    data: { grantsVersion: { increment: 1 } },
    select: { grantsVersion: true },
  })
  return { userId, version: Number(grantsVersion) }
}

/**
 * A user's current grants and the version they are at, for a new access token. The version must be
 * read first (here: with the account row the caller already loaded): a change committing in between
 * gives a token with the new grants and the older version, which the gateway refuses (one more
 * refresh), never the reverse — old grants passing as current.
 */
export interface CurrentGrants {
  grants: Grant[]
  grantsVersion: number
}

export async function currentGrants(
  prisma: UsersPrisma,
  user: { id: string; grantsVersion: bigint },
): Promise<CurrentGrants> {
  return { grants: await liveGrants(prisma, user.id), grantsVersion: Number(user.grantsVersion) }
}

/** The grants a user holds now (revoked assignments stay in the table, for the audit trail). */
export async function liveGrants(prisma: UsersPrisma, userId: string): Promise<Grant[]> {
  const assignments = await prisma.roleAssignment.findMany({
    where: { userId, revokedAt: null },
    orderBy: { grantedAt: 'asc' },
  })
  return assignments.map((g) => ({ role: g.role, studyId: g.studyId, siteId: g.siteId, patientId: g.patientId }))
}
