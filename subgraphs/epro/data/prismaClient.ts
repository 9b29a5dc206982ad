import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type EproPrisma = PrismaClient

export const createEproPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): EproPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
