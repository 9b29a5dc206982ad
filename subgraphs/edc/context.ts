import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { EdcPrisma } from './data/prismaClient'
import { createFormLoaders } from './data/formLoaders'
import { createQueryLoaders } from './data/queryLoaders'
import type { CredentialVerifier } from '../../subgraph-runtime/auth/credentialVerifier'
import type { EdcRuntime } from './edcRuntime'

export interface EdcContext extends RequestScope {
  prisma: EdcPrisma
  loaders: ReturnType<typeof createFormLoaders> & ReturnType<typeof createQueryLoaders>
  /** Checks e-signature credentials (absent only where no runtime was started: nothing can be signed). */
  credentials: CredentialVerifier | null
}

/**
 * A fresh context, with fresh DataLoaders, for every request: caches never cross requests, but for
 * the subject registry's rows, which the table's own change notices keep true (cachedRows.ts).
 */
export function createEdcContext(prisma: EdcPrisma, scope: RequestScope, runtime?: EdcRuntime): EdcContext {
  return {
    ...scope,
    prisma,
    loaders: { ...createFormLoaders(prisma, runtime?.subjectRows), ...createQueryLoaders(prisma) },
    credentials: runtime?.credentials ?? null,
  }
}
