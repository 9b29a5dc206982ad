import type { RequestHandler } from 'express'
import { z } from 'zod'
import { GRANTS_VERSIONS_MAX_IDS, type GrantsVersionsResponse } from '../../../contracts/grantsVersions'
import type { UsersPrisma } from '../data/prismaClient'
import { jsonPostRoute } from '../auth/jsonPostRoute'

const requestSchema = z.object({ userIds: z.array(z.uuid()).max(GRANTS_VERSIONS_MAX_IDS) })

/** The current grants version of each user asked about (contracts/grantsVersions.ts): one statement. */
export async function grantsVersions(prisma: UsersPrisma, userIds: readonly string[]): Promise<Record<string, number>> {
  const users = await prisma.user.findMany({
    where: { id: { in: [...userIds] } },
    select: { id: true, grantsVersion: true },
  })
  return Object.fromEntries(users.map((u) => [u.id, Number(u.grantsVersion)]))
}

/** POST handler, behind the gateway-only check. */
export function grantsVersionsRoute(prisma: UsersPrisma): RequestHandler {
  return jsonPostRoute(
    requestSchema,
    `The body must be { "userIds": [<up to ${GRANTS_VERSIONS_MAX_IDS} user ids>] }.`,
    async ({ userIds }) => ({ versions: await grantsVersions(prisma, userIds) }) satisfies GrantsVersionsResponse,
  )
}
