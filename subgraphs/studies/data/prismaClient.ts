import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type StudiesPrisma = PrismaClient

export const createStudiesPrisma = (
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): StudiesPrisma => createPrismaClient(PrismaClient, adapter, onStatement)
