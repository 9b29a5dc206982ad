import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../server-kit/seeding'
import type { UsersPrisma } from './data/prismaClient'

/** Writes the users context's slice of the deterministic demo dataset (idempotent). */
export async function seedUsers(prisma: UsersPrisma, { progress }: SeedOptions): Promise<void> {
  const { users, roleAssignments } = demoDataset().users
  await writeInBatches('users', users, (batch) => prisma.user.createMany({ data: batch, skipDuplicates: true }), progress)
  await writeInBatches('role assignments', roleAssignments, (batch) => prisma.roleAssignment.createMany({ data: batch, skipDuplicates: true }), progress)
}
