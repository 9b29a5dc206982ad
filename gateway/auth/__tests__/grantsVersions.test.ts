import { GrantsChangedError, GrantsUnknownError, GrantsVersions } from '../grantsVersions'

// The gateway's check of access tokens against their holders' grants versions, with the users
// subgraph's answers and the clock given by the test (e2e/staffAdministration.test.ts runs it for real).
function setup(versions: Record<string, number>) {
  let now = 1_000_000
  const asked: string[][] = []
  let down = false
  const grants = new GrantsVersions({
    fetchVersions: async (ids) => {
      asked.push(ids)
      if (down) throw new Error('connection refused')
      return Object.fromEntries(ids.filter((id) => id in versions).map((id) => [id, versions[id]!]))
    },
    freshMs: 2000,
    now: () => now,
  })
  return {
    grants,
    asked,
    versions,
    advance: (ms: number) => void (now += ms),
    setDown: (value: boolean) => void (down = value),
  }
}

it('accepts a token at the current version, refuses one issued before the roles changed', async () => {
  const { grants } = setup({ ana: 3 })
  await expect(grants.check('ana', 3)).resolves.toBeUndefined()
  await expect(grants.check('ana', 2)).rejects.toBeInstanceOf(GrantsChangedError)
})

it('asks once for all the users whose requests wait at one moment, then trusts the answer for freshMs', async () => {
  const { grants, asked, versions, advance } = setup({ ana: 1, ben: 1 })
  await Promise.all([grants.check('ana', 1), grants.check('ben', 1), grants.check('ana', 1)])
  expect(asked).toEqual([['ana', 'ben']])
  versions.ana = 2 // changed through another gateway
  await grants.check('ana', 1)
  expect(asked).toHaveLength(1)
  advance(2000)
  await expect(grants.check('ana', 1)).rejects.toBeInstanceOf(GrantsChangedError)
  expect(asked).toEqual([['ana', 'ben'], ['ana']])
})

it('refuses at once a version learned from the users answer to the revocation, without asking', async () => {
  const { grants, asked } = setup({ ana: 1 })
  await grants.check('ana', 1)
  const changes: unknown[] = []
  grants.onChange((change) => changes.push(change))
  grants.learn([{ userId: 'ana', version: 2 }])
  await expect(grants.check('ana', 1)).rejects.toBeInstanceOf(GrantsChangedError)
  await expect(grants.check('ana', 2)).resolves.toBeUndefined()
  expect(asked).toHaveLength(1)
  expect(changes).toEqual([{ userId: 'ana', version: 2 }])
  // An older answer arriving late never lowers what is known.
  grants.learn([{ userId: 'ana', version: 1 }])
  await expect(grants.check('ana', 1)).rejects.toBeInstanceOf(GrantsChangedError)
})

it('fails closed: when users cannot answer, the request is refused; live connections are left to their tokens', async () => {
  const { grants, advance, setDown } = setup({ ana: 1 })
  await grants.check('ana', 1)
  setDown(true)
  await grants.check('ana', 1) // still fresh
  advance(2000)
  await expect(grants.check('ana', 1)).rejects.toBeInstanceOf(GrantsUnknownError)
  await expect(grants.isStale('ana', 1)).resolves.toBe(false)
  setDown(false)
  await expect(grants.check('ana', 1)).resolves.toBeUndefined()
})

it('an account users does not know counts as version 0', async () => {
  const { grants } = setup({})
  await expect(grants.check('ghost', 0)).resolves.toBeUndefined()
  await expect(grants.isStale('ghost', 0)).resolves.toBe(false)
})
