import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { withDirectReads, type DirectReads } from '../../../subgraph-runtime/database/directReads'
import { PrismaClient } from '../generated/prisma/client'

/** Prisma for writes and the rarer reads; `direct` for the reads every full view runs (directReads.ts). */
export type EdcPrisma = PrismaClient & { readonly direct: DirectReads }

export const createEdcPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): EdcPrisma =>
  withDirectReads(createPrismaClient(PrismaClient, adapter, onStatement), adapter, onStatement)
