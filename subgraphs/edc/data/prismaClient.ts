import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type EdcPrisma = PrismaClient

export const createEdcPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): EdcPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
