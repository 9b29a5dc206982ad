import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { UsersPrisma } from '../data/prismaClient'
import { createUserLoaders } from '../data/userLoaders'
import { usersSubgraph } from '../subgraph'
import { ANA, BEN, BULK, CARLA, DORA, EVE, IAN, PAT, RITA, seedUsersFixture, userId } from './usersFixture'

// Differential: users and their role assignments, read by every full view, go past Prisma's query
// API (directReads.ts); Prisma's own findMany must give the same rows — same values, same
// JavaScript types (Date, bigint grants version, enums as strings, nulls) — for users with and
// without a title, inactive ones, revoked and live grants (two granted at the same instant), and
// null / [] for unknown keys.
let users: SubgraphUnderTest<UsersPrisma>
beforeAll(async () => {
  users = await startSubgraphUnderTest(usersSubgraph, seedUsersFixture)
})
afterAll(() => users?.stop())

const USERS = [ANA, BEN, CARLA, DORA, EVE, PAT, IAN, RITA, ...BULK]
const UNKNOWN = userId(999)

it('userById: the rows Prisma findMany gives, null for an unknown key', async () => {
  const loaders = createUserLoaders(users.prisma)
  const expected = await Promise.all(USERS.map((id) => users.prisma.user.findUnique({ where: { id } })))
  const loaded = await Promise.all([...USERS, UNKNOWN].map((id) => loaders.userById.load(id)))
  expect(loaded).toEqual([...expected, null])
  expect(typeof loaded[0]!.grantsVersion).toBe('bigint')
  expect(loaded.some((u) => u?.title === null) && loaded.some((u) => u?.active === false)).toBe(true)
})

it('rolesEverHeld and rolesByUser: the rows Prisma findMany gives, in grant order (ties by id); [] for an unknown user', async () => {
  const loaders = createUserLoaders(users.prisma)
  const everHeld = await Promise.all([...USERS, UNKNOWN].map((id) => loaders.rolesEverHeld.load(id)))
  const expected = await Promise.all(
    USERS.map((userId) =>
      users.prisma.roleAssignment.findMany({ where: { userId }, orderBy: [{ grantedAt: 'asc' }, { id: 'asc' }] }),
    ),
  )
  expect(everHeld).toEqual([...expected, []])
  expect(everHeld[3]).toHaveLength(2) // Dora: two grants at the same instant
  const live = await Promise.all([ANA, RITA].map((id) => loaders.rolesByUser.load(id)))
  expect(live).toEqual([expected[0]!.filter((a) => a.revokedAt === null), []])
})
