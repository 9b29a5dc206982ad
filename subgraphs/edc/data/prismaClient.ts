import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient, type SubgraphPrisma } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

/** Prisma for writes and the rarer reads; `direct` for the reads every full view runs (directReads.ts). */
export type EdcPrisma = SubgraphPrisma<PrismaClient>

export const createEdcPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): EdcPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
