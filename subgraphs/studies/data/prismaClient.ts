import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from '../../../server-kit/bootSubgraph'
import { PrismaClient } from '../generated/prisma/client'

export type StudiesPrisma = PrismaClient

export function createStudiesPrisma(adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): StudiesPrisma {
  if (!onStatement) return new PrismaClient({ adapter })
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', (event) => onStatement({ query: event.query, durationMs: event.duration }))
  return prisma
}
