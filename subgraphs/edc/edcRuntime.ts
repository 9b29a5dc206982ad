import type { BackgroundWork } from '../../subgraph-runtime/subgraphModule'
import type { Subject } from './generated/prisma/client'
import { cacheSubjectRegistry } from '../../subgraph-runtime/database/cachedRows'
import type { RowCache } from '../../subgraph-runtime/database/rowCache'
import type { SubgraphConfig } from '../../subgraph-runtime/config'
import type { Logger } from '../../platform/logging/logger'
import { busForConfig } from '../../subgraph-runtime/events/busForConfig'
import type { EdcPrisma } from './data/prismaClient'
import { createCredentialVerifier, type CredentialVerifier } from '../../subgraph-runtime/auth/credentialVerifier'
import { loadSignatureSettings } from '../../subgraph-runtime/auth/signatureSettings'
import { startStudyRegistry } from './registry/studyRegistry'
import { startSubjectRegistry } from './registry/subjectRegistry'

/**
 * What the EDC keeps for the life of the process: the verifier of e-signature credentials (its key
 * cache) and the registries' consumers of the patients context's subject events and the studies
 * context's set-up events.
 */
export interface EdcRuntime extends BackgroundWork {
  credentials: CredentialVerifier
  /** The subject registry's rows, kept across requests: nearly every request's access check reads them. */
  subjectRows: RowCache<Subject>
}

export async function startEdcRuntime(
  prisma: EdcPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<EdcRuntime> {
  const bus = busForConfig(config, 'edc', logger, prisma)
  const subjects = startSubjectRegistry(prisma, bus, logger)
  const studies = startStudyRegistry(prisma, bus, logger)
  const subjectRows = cacheSubjectRegistry<Subject>(config.database, logger)
  return {
    credentials: createCredentialVerifier(loadSignatureSettings()),
    subjectRows: subjectRows.cache,
    shutdownPhases: [
      {
        name: 'registry consumers leave their groups',
        run: () => Promise.all([subjects.stop(), studies.stop()]).then(() => {}),
      },
      { name: 'subject cache stops listening', run: () => subjectRows.stop() },
      { name: 'event bus', run: () => bus.close() },
    ],
  }
}
