import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../server-kit/bootSubgraph'
import { PrismaClient } from '../generated/prisma/client'

export type UsersPrisma = PrismaClient

export function createUsersPrisma(adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): UsersPrisma {
  if (!onStatement) return new PrismaClient({ adapter })
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', (event) => onStatement({ query: event.query, durationMs: event.duration }))
  return prisma
}
