import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../subgraph-runtime/subgraphModule'
import { createPrismaClient } from '../../../subgraph-runtime/database/prismaClient'
import { PrismaClient } from '../generated/prisma/client'

export type PatientsPrisma = PrismaClient

export const createPatientsPrisma = (
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): PatientsPrisma => createPrismaClient(PrismaClient, adapter, onStatement)
