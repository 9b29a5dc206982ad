import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../server-kit/bootSubgraph'
import { createPrismaClient } from '../../../server-kit/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type LabsPrisma = PrismaClient

export const createLabsPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): LabsPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
