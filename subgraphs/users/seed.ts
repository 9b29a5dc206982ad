import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../subgraph-runtime/seeding'
import type { UsersPrisma } from './data/prismaClient'
import { loadAuthSettings } from './auth/authSettings'
import { hashPassword } from './auth/passwordHash'

/**
 * Writes the users context's slice of the deterministic demo dataset (idempotent), with every
 * demo account's password set to DEMO_ACCOUNT_PASSWORD — except in production, where demo
 * accounts get no password and cannot sign in.
 */
export async function seedUsers(prisma: UsersPrisma, { progress, logger }: SeedOptions): Promise<void> {
  const { users, roleAssignments } = demoDataset().users
  await writeInBatches(
    'users',
    users,
    (batch) => prisma.user.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  await writeInBatches(
    'role assignments',
    roleAssignments,
    (batch) => prisma.roleAssignment.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  const settings = loadAuthSettings()
  if (settings.production) {
    logger?.warn('production mode: demo accounts are seeded without passwords')
    return
  }
  // scrypt runs on libuv's thread pool: hashing the accounts concurrently takes a second, not ten.
  const credentials = await Promise.all(
    users.map(async (u) => ({ userId: u.id, passwordHash: await hashPassword(settings.demoPassword) })),
  )
  await writeInBatches(
    'demo account passwords',
    credentials,
    (batch) => prisma.credential.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
}
