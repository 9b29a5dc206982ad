import { demoDataset, type UserRow } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { UsersPrisma } from './data/prismaClient'
import { loadAuthSettings } from './auth/authSettings'
import { hashPassword } from './auth/passwordHash'

/**
 * Accounts per batch: each batch's passwords are hashed (scrypt, tens of milliseconds each, a few
 * at a time on libuv's thread pool) and committed with their accounts, so progress moves every
 * second or so even on a slow machine, and an interrupted seed loses at most one batch of hashing.
 */
const ACCOUNTS_PER_BATCH = 8

/**
 * Writes the users context's slice of the deterministic demo dataset (idempotent), with every
 * demo account's password set to DEMO_ACCOUNT_PASSWORD — except in production, where demo
 * accounts get no password and cannot sign in.
 */
export async function seedUsers(prisma: UsersPrisma, run: SeedRun): Promise<void> {
  const { users, roleAssignments } = demoDataset().users
  const settings = loadAuthSettings()
  if (settings.production) {
    run.logger.warn('production mode: demo accounts are seeded without passwords')
    await run.table('demo accounts', users, (batch) => prisma.user.createMany({ data: batch, skipDuplicates: true }))
  } else {
    await run.table(
      'demo accounts',
      users,
      (batch) => writeAccountsWithPasswords(prisma, batch, settings.demoPassword),
      ACCOUNTS_PER_BATCH,
    )
  }
  await run.table('role assignments', roleAssignments, (batch) =>
    prisma.roleAssignment.createMany({ data: batch, skipDuplicates: true }),
  )
}

/**
 * An account and its password hash commit together, so no demo account can exist without a
 * password, whenever the seed is cut short. Accounts a seed before this one left without a
 * password (older versions wrote the hashes last) get theirs here; existing hashes are kept, and
 * not computed again.
 */
async function writeAccountsWithPasswords(prisma: UsersPrisma, batch: UserRow[], password: string): Promise<void> {
  const withPassword = new Set(
    (
      await prisma.credential.findMany({
        where: { userId: { in: batch.map((u) => u.id) } },
        select: { userId: true },
      })
    ).map((c) => c.userId),
  )
  const credentials = await Promise.all(
    batch
      .filter((u) => !withPassword.has(u.id))
      .map(async (u) => ({ userId: u.id, passwordHash: await hashPassword(password) })),
  )
  await prisma.$transaction([
    prisma.user.createMany({ data: batch, skipDuplicates: true }),
    prisma.credential.createMany({ data: credentials, skipDuplicates: true }),
  ])
}
