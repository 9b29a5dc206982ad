import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { withDirectReads, type DirectReads } from '../../../subgraph-runtime/database/directReads'
import { PrismaClient } from '../generated/prisma/client'

/** Prisma for writes and the rarer reads; `direct` for the reads every full view runs (directReads.ts). */
export type PatientsPrisma = PrismaClient & { readonly direct: DirectReads }

export const createPatientsPrisma = (
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): PatientsPrisma => withDirectReads(createPrismaClient(PrismaClient, adapter, onStatement), adapter, onStatement)
