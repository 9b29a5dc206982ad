import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../server-kit/bootSubgraph'
import { createPrismaClient } from '../../../server-kit/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type UsersPrisma = PrismaClient

export const createUsersPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): UsersPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
