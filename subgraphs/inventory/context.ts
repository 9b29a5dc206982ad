import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { CredentialVerifier } from '../../subgraph-runtime/auth/credentialVerifier'
import type { InventoryPrisma } from './data/prismaClient'
import { createInventoryLoaders } from './data/inventoryLoaders'
import type { InventoryRuntime } from './unblinding/inventoryRuntime'

export interface InventoryContext extends RequestScope {
  prisma: InventoryPrisma
  loaders: ReturnType<typeof createInventoryLoaders>
  /** Checks re-authentication credentials (absent only where no runtime was started: nobody can unblind). */
  credentials: CredentialVerifier | null
}

/**
 * A fresh context, with fresh DataLoaders, for every request: caches never cross requests, but for
 * the subject registry's rows, which the table's own change notices keep true (cachedRows.ts).
 */
export function createInventoryContext(
  prisma: InventoryPrisma,
  scope: RequestScope,
  runtime?: InventoryRuntime,
): InventoryContext {
  return {
    ...scope,
    prisma,
    loaders: createInventoryLoaders(prisma, runtime?.subjectRows),
    credentials: runtime?.credentials ?? null,
  }
}
