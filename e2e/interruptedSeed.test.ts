import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServiceProcess, type ServiceProcess } from '../scripts/run/serviceProcess'
import { waitUntilReady } from '../scripts/run/readinessWait'
import { isBootProgress } from '../contracts/bootProgress'
import { demoDataset } from '../demo-data'
import { freePortBlock } from '../test/support/freePorts'
import { dropSchemas, uniqueSchemaName, urlWithSchema, withAdminClient } from '../test/support/postgres'
import { queryPglite } from '../test/support/pgliteQuery'
import { TEST_AUTH_SECRET, gatewayHeaders } from '../test/support/gatewayCredentials'
import { postGraphQL } from '../test/support/graphqlClient'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { openDatabase } from '../subgraph-runtime/database/openDatabase'
import { resolveDatabaseTarget } from '../subgraph-runtime/database/target'
import { usersSubgraph } from '../subgraphs/users/subgraph'

// Issue 15: a first start cut short while seeding (it timed out, was killed, the machine went
// down) left demo accounts without passwords, and no later start finished the seed: sign-in failed
// until .data/users was deleted by hand. The users subgraph, a real process on PGlite (the
// embedded default) and on Postgres, is SIGKILLed half-way through writing the demo accounts and
// started again: the next start completes the seed, and every demo account signs in.
jest.setTimeout(240_000)

const { users, roleAssignments } = demoDataset().users
const ACCOUNTS_BEFORE_KILL = 16

interface UsersTables {
  accounts: number
  passwords: number
  roles: number
  withoutPassword: number
}

const COUNTS = `SELECT
  (SELECT count(*)::int FROM app_user) AS accounts,
  (SELECT count(*)::int FROM credential) AS passwords,
  (SELECT count(*)::int FROM role_assignment) AS roles,
  (SELECT count(*)::int FROM app_user u WHERE NOT EXISTS (SELECT 1 FROM credential c WHERE c.user_id = u.id)) AS "withoutPassword"`

interface Database {
  env: NodeJS.ProcessEnv
  counts(): Promise<UsersTables>
  dispose(): Promise<void>
}

function pgliteDatabase(): Database {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'interrupted-seed-'))
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: '', USERS_DATABASE_URL: '' },
    counts: async () => (await queryPglite<UsersTables>(path.join(dataDir, 'users'), COUNTS))[0]!,
    dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  }
}

function postgresDatabase(): Database & { url: string } {
  const schema = uniqueSchemaName('interrupted_seed')
  return {
    url: urlWithSchema(schema),
    env: { USERS_DATABASE_URL: urlWithSchema(schema), DATABASE_URL: '' },
    counts: () =>
      withAdminClient(async (client) => {
        await client.query(`SET search_path = "${schema}"`)
        return (await client.query<UsersTables>(COUNTS)).rows[0]!
      }),
    dispose: () => dropSchemas([schema]),
  }
}

const running: ServiceProcess[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')))
})

function startUsers(database: Database, port: number) {
  const users = startServiceProcess(
    {
      name: 'users',
      entry: 'subgraphs/users/main.ts',
      env: {
        ...database.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_ON_FIRST_START: 'true',
        SUBGRAPH_AUTH_SECRET: TEST_AUTH_SECRET,
        NODE_ENV: 'test',
      },
      baseUrl: `http://127.0.0.1:${port}`,
    },
    { output: 'capture' },
  )
  running.push(users)
  return users
}

/** SIGKILLs the process once its /ready says it has written `accounts` demo accounts. */
async function killWhileSeedingAccounts(users: ServiceProcess, accounts: number) {
  for (;;) {
    const body: unknown = await fetch(`${users.spec.baseUrl}/ready`)
      .then((r) => r.json())
      .catch(() => undefined)
    if (isBootProgress(body) && body.activity === 'demo accounts' && (body.done ?? 0) >= accounts) break
    if ((body as { status?: string } | undefined)?.status === 'ready')
      throw new Error('the seed finished before the test could interrupt it')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  // Alive while it seeds: an orchestrator's liveness probe must not restart it half-way.
  expect((await fetch(`${users.spec.baseUrl}/health`)).status).toBe(200)
  users.child.kill('SIGKILL')
  await users.exited
}

async function signIn(port: number, email: string) {
  const { body } = await postGraphQL(
    `http://127.0.0.1:${port}/graphql`,
    'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }',
    { e: email, p: DEFAULT_DEMO_PASSWORD },
    await gatewayHeaders('users', null),
  )
  return body.errors ? body.errors[0]!.message : (body.data!.signIn.user.id as string)
}

const complete: UsersTables = {
  accounts: users.length,
  passwords: users.length,
  roles: roleAssignments.length,
  withoutPassword: 0,
}

describe.each([
  ['PGlite', pgliteDatabase],
  ['Postgres', postgresDatabase],
])('a first start SIGKILLed while seeding, on %s', (_kind, makeDatabase) => {
  let database: Database
  beforeAll(() => {
    database = makeDatabase()
  })
  afterAll(() => database.dispose())

  it('is completed by the next start: every demo account has its password and signs in', async () => {
    const port = await freePortBlock(1)
    await killWhileSeedingAccounts(startUsers(database, port), ACCOUNTS_BEFORE_KILL)

    const interrupted = await database.counts()
    expect(interrupted.accounts).toBeGreaterThanOrEqual(ACCOUNTS_BEFORE_KILL)
    expect(interrupted.accounts).toBeLessThan(users.length)
    // An account and its password are written together: none exists without the other.
    expect(interrupted.withoutPassword).toBe(0)

    const again = startUsers(database, port)
    await waitUntilReady(again, { stallTimeoutMs: 60_000 })
    for (const account of [users[0]!, users[ACCOUNTS_BEFORE_KILL]!, users.at(-1)!])
      expect(await signIn(port, account.email)).toBe(account.id)
    expect(again.output.join('\n')).toContain('the demo data seed did not finish last time: completing it')
    await again.stop()
    expect(await database.counts()).toEqual(complete)
  })
})

describe('a users database an older version left half-seeded (accounts written, passwords not)', () => {
  const database = postgresDatabase()
  afterAll(() => database.dispose())

  it('gets the missing passwords on the next start', async () => {
    const opened = await openDatabase(
      resolveDatabaseTarget('users', { subgraphUrl: database.url }),
      usersSubgraph.migrationsDir,
    )
    const prisma = usersSubgraph.createPrisma(opened.adapter)
    await prisma.user.createMany({ data: users })
    await prisma.$disconnect()
    await opened.close()
    expect(await database.counts()).toMatchObject({ accounts: users.length, passwords: 0 })

    const port = await freePortBlock(1)
    const started = startUsers(database, port)
    await waitUntilReady(started, { stallTimeoutMs: 60_000 })
    expect(await signIn(port, users[0]!.email)).toBe(users[0]!.id)
    await started.stop()
    expect(await database.counts()).toEqual(complete)
  })
})
