import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { Logger } from '../../../platform/logging/logger'
import type { UsersPrisma } from '../data/prismaClient'
import { loadAuthSettings } from './authSettings'
import { createSessionService, type SessionService } from './sessionService'
import { createTokenIssuer, type TokenIssuer } from './tokenIssuer'
import { createSignatureConfirmation, type SignatureConfirmation } from './signatureConfirmation'

/**
 * What the users context keeps for the life of the process: the signing key, the session service
 * and signature confirmation (which signs with the same key).
 */
export interface UsersRuntime extends BackgroundWork {
  issuer: TokenIssuer
  sessions: SessionService
  signatures: SignatureConfirmation
}

export async function startUsersRuntime(prisma: UsersPrisma, { logger }: { logger: Logger }): Promise<UsersRuntime> {
  const settings = loadAuthSettings()
  const issuer = await createTokenIssuer(settings, logger)
  return {
    issuer,
    sessions: createSessionService(prisma, issuer, settings),
    signatures: createSignatureConfirmation(prisma, issuer),
    shutdownPhases: [],
  }
}
