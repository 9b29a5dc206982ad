import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServiceProcess, type ServiceProcess } from '../scripts/run/serviceProcess'
import { waitUntilReady } from '../scripts/run/readinessWait'
import { isBootProgress, type BootProgress } from '../contracts/bootProgress'
import type { SubgraphName } from '../subgraph-runtime/config'
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
// until .data/users was deleted by hand. Subgraphs run as real processes, on PGlite (the embedded
// default) and on Postgres, are SIGKILLed half-way through their seed and started again: the next
// start completes the seed, every demo account signs in, and every table has the demo dataset's
// row count, no more and no less.
jest.setTimeout(240_000)

const { users, roleAssignments } = demoDataset().users
const ACCOUNTS_BEFORE_KILL = 16

/** One subgraph's database, on PGlite (a data folder) or Postgres (a schema), read while it is stopped. */
interface Database {
  env: NodeJS.ProcessEnv
  query<Row>(sql: string): Promise<Row[]>
  dispose(): Promise<void>
}

function pgliteDatabase(subgraph: SubgraphName): Database {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'interrupted-seed-'))
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: '', [`${subgraph.toUpperCase()}_DATABASE_URL`]: '' },
    query: (sql) => queryPglite(path.join(dataDir, subgraph), sql),
    dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  }
}

function postgresDatabase(subgraph: SubgraphName): Database & { url: string } {
  const schema = uniqueSchemaName(`interrupted_${subgraph}`)
  return {
    url: urlWithSchema(schema),
    env: { DATABASE_URL: '', [`${subgraph.toUpperCase()}_DATABASE_URL`]: urlWithSchema(schema) },
    query: (sql) =>
      withAdminClient(async (client) => {
        await client.query(`SET search_path = "${schema}"`)
        return (await client.query(sql)).rows
      }),
    dispose: () => dropSchemas([schema]),
  }
}

const running: ServiceProcess[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')))
})

function startSubgraph(name: SubgraphName, database: Database, port: number) {
  const subgraph = startServiceProcess(
    {
      name,
      entry: `subgraphs/${name}/main.ts`,
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
  running.push(subgraph)
  return subgraph
}

/** SIGKILLs the process once its /ready reports `activity` with at least `done` rows written. */
async function killWhileSeeding(subgraph: ServiceProcess, activity: string, done: number) {
  const seen: BootProgress[] = []
  for (;;) {
    const body: unknown = await fetch(`${subgraph.spec.baseUrl}/ready`)
      .then((r) => r.json())
      .catch(() => undefined)
    if (isBootProgress(body) && body.activity === activity) {
      seen.push(body)
      if ((body.done ?? 0) >= done) break
    }
    if ((body as { status?: string } | undefined)?.status === 'ready')
      throw new Error(`the seed finished before the test could interrupt it; /ready said ${JSON.stringify(seen)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  // Alive while it seeds: an orchestrator's liveness probe must not restart it half-way.
  expect((await fetch(`${subgraph.spec.baseUrl}/health`)).status).toBe(200)
  subgraph.child.kill('SIGKILL')
  await subgraph.exited
}

async function startAgain(name: SubgraphName, database: Database, port: number) {
  const again = startSubgraph(name, database, port)
  await waitUntilReady(again, { stallTimeoutMs: 60_000 })
  return again
}

const completed = (subgraph: { output: string[] }) =>
  expect(subgraph.output.join('\n')).toContain('the demo data seed did not finish last time: completing it')

async function signIn(port: number, email: string) {
  const { body } = await postGraphQL(
    `http://127.0.0.1:${port}/graphql`,
    'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }',
    { e: email, p: DEFAULT_DEMO_PASSWORD },
    await gatewayHeaders('users', null),
  )
  return body.errors ? body.errors[0]!.message : (body.data!.signIn.user.id as string)
}

const USERS_TABLES = `SELECT
  (SELECT count(*)::int FROM app_user) AS accounts,
  (SELECT count(*)::int FROM credential) AS passwords,
  (SELECT count(*)::int FROM role_assignment) AS roles,
  (SELECT count(*)::int FROM app_user u WHERE NOT EXISTS (SELECT 1 FROM credential c WHERE c.user_id = u.id)) AS "withoutPassword"`
interface UsersTables {
  accounts: number
  passwords: number
  roles: number
  withoutPassword: number
}
const usersTables = async (database: Database) => (await database.query<UsersTables>(USERS_TABLES))[0]!
const everyAccountWithPassword: UsersTables = {
  accounts: users.length,
  passwords: users.length,
  roles: roleAssignments.length,
  withoutPassword: 0,
}

describe.each([
  ['PGlite', pgliteDatabase],
  ['Postgres', postgresDatabase],
])('users SIGKILLed while seeding the demo accounts, on %s', (_kind, makeDatabase) => {
  let database: Database
  beforeAll(() => {
    database = makeDatabase('users')
  })
  afterAll(() => database.dispose())

  it('is completed by the next start: every demo account has its password and signs in', async () => {
    const port = await freePortBlock(1)
    await killWhileSeeding(startSubgraph('users', database, port), 'demo accounts', ACCOUNTS_BEFORE_KILL)

    const interrupted = await usersTables(database)
    expect(interrupted.accounts).toBeGreaterThanOrEqual(ACCOUNTS_BEFORE_KILL)
    expect(interrupted.accounts).toBeLessThan(users.length)
    // An account and its password are written together: none exists without the other.
    expect(interrupted.withoutPassword).toBe(0)

    const again = await startAgain('users', database, port)
    for (const account of [users[0]!, users[ACCOUNTS_BEFORE_KILL]!, users.at(-1)!])
      expect(await signIn(port, account.email)).toBe(account.id)
    completed(again)
    await again.stop()
    expect(await usersTables(database)).toEqual(everyAccountWithPassword)
  })
})

describe('labs SIGKILLed half-way through its lab results, on PGlite', () => {
  const database = pgliteDatabase('labs')
  afterAll(() => database.dispose())
  const { labResults } = demoDataset().labs
  const counts = async () =>
    (
      await database.query<{ subjects: number; labResults: number }>(
        'SELECT (SELECT count(*)::int FROM subject) AS subjects, (SELECT count(*)::int FROM lab_result) AS "labResults"',
      )
    )[0]!

  it('answers /ready with its progress batch by batch, and is completed by the next start, row for row', async () => {
    const port = await freePortBlock(1)
    await killWhileSeeding(startSubgraph('labs', database, port), 'lab results', 3000)
    const interrupted = await counts()
    expect(interrupted.labResults).toBeGreaterThanOrEqual(3000)
    expect(interrupted.labResults).toBeLessThan(labResults.length)

    const again = await startAgain('labs', database, port)
    await again.stop()
    expect(await counts()).toEqual({ subjects: demoDataset().patients.patients.length, labResults: labResults.length })
    completed(again)
  })
})

describe('a users database an older version left half-seeded (accounts written, passwords not)', () => {
  const database = postgresDatabase('users')
  afterAll(() => database.dispose())

  it('gets the missing passwords on the next start', async () => {
    const opened = await openDatabase(
      resolveDatabaseTarget('users', { subgraphUrl: database.url }),
      usersSubgraph.migrationsDir,
      { production: false },
    )
    const prisma = usersSubgraph.createPrisma(opened.adapter)
    await prisma.user.createMany({ data: users })
    await prisma.$disconnect()
    await opened.close()
    expect(await usersTables(database)).toMatchObject({ accounts: users.length, passwords: 0 })

    const port = await freePortBlock(1)
    const started = await startAgain('users', database, port)
    expect(await signIn(port, users[0]!.email)).toBe(users[0]!.id)
    completed(started)
    await started.stop()
    expect(await usersTables(database)).toEqual(everyAccountWithPassword)
  })
})
