import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient, type SubgraphPrisma } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

/** Prisma, and `direct` for reads that pay to skip its query API (directReads.ts). */
export type ExportsPrisma = SubgraphPrisma<PrismaClient>

export const createExportsPrisma = (
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): ExportsPrisma => createPrismaClient(PrismaClient, adapter, onStatement)
