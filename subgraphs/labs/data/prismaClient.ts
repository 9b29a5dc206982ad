import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type LabsPrisma = PrismaClient

export const createLabsPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): LabsPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
