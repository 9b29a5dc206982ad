import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type UsersPrisma = PrismaClient

export const createUsersPrisma = (adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): UsersPrisma =>
  createPrismaClient(PrismaClient, adapter, onStatement)
