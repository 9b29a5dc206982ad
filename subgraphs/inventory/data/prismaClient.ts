import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient, type SubgraphPrisma } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

/** Prisma, and `direct` for reads that pay to skip its query API (directReads.ts). */
export type InventoryPrisma = SubgraphPrisma<PrismaClient>

export const createInventoryPrisma = (
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): InventoryPrisma => createPrismaClient(PrismaClient, adapter, onStatement)
