import type { RequestHandler } from 'express'
import { z } from 'zod'
import { SESSION_STATUS_MAX_IDS, type SessionStatusResponse } from '../../../contracts/sessionStatus'
import type { UsersPrisma } from '../data/prismaClient'
import { jsonPostRoute } from './jsonPostRoute'

const requestSchema = z.object({ sessionIds: z.array(z.uuid()).max(SESSION_STATUS_MAX_IDS) })

/**
 * Which of the given sign-in sessions have ended (contracts/sessionStatus.ts): revoked (signed out,
 * or a used refresh token came back), past their expiry, or of a deactivated user; an id that is
 * no session at all counts as ended. One statement however many ids are asked about.
 */
export async function endedSessions(prisma: UsersPrisma, sessionIds: readonly string[], now: Date): Promise<string[]> {
  const live = await prisma.userSession.findMany({
    where: { id: { in: [...sessionIds] }, revokedAt: null, expiresAt: { gt: now }, user: { active: true } },
    select: { id: true },
  })
  const liveIds = new Set(live.map((s) => s.id))
  return sessionIds.filter((id) => !liveIds.has(id))
}

/** POST handler, behind the gateway-only check. */
export function sessionStatusRoute(prisma: UsersPrisma): RequestHandler {
  return jsonPostRoute(
    requestSchema,
    `The body must be { "sessionIds": [<up to ${SESSION_STATUS_MAX_IDS} session ids>] }.`,
    async ({ sessionIds }) =>
      ({ ended: await endedSessions(prisma, sessionIds, new Date()) }) satisfies SessionStatusResponse,
  )
}
