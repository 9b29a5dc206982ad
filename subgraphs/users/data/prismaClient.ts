import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient, type SubgraphPrisma } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

/** Prisma, and `direct` for reads that pay to skip its query API (directReads.ts). */
export type UsersPrisma = SubgraphPrisma<PrismaClient>

export const createUsersPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): UsersPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
