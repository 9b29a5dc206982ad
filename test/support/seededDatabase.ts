import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import type pg from 'pg'
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraph-runtime/config'
import { testDatabaseUrl, testServiceDatabaseUrl, urlWithDatabase, urlWithSchema, withAdminClient } from './postgres'

/**
 * Every end-to-end suite starts the supergraph on the seeded demo dataset. Seeding it took each
 * suite ~30 s of its ~40 (20,000 diary submissions, 8,000 lab results...), most of CI's time. Now
 * the dataset is seeded once into a template database — by `npm run seed`, the same code as a
 * first start — and each suite gets a copy of it (CREATE DATABASE ... TEMPLATE, a file copy).
 * Each subgraph's schema there is named after it, as in production. The template is named for a
 * hash of everything that decides what a seeded database holds (migrations, seeds, the demo data,
 * the runtime that applies them), so an edit to any of it builds a new one and nothing stale is
 * ever copied. A server started on the copy finds its migrations applied and its seed complete,
 * and seeds nothing (subgraph-runtime/seeding/demoSeed.ts, seedPassOnStart).
 * The benchmarks start on such copies too, on their own server if they have one (BENCH_DATABASE_URL):
 * every function takes the server, the tests' (TEST_DATABASE_URL...) when none is given.
 */
const root = path.resolve(__dirname, '../..')
const TEMPLATE_PREFIX = 'e2e_tpl_'
/** What a seeded database is made from. Tests of these folders are not (__tests__ is skipped). */
const SEED_INPUTS = ['prisma', 'demo-data', 'subgraph-runtime', 'subgraphs', 'scripts/seed.ts']
const SEED_INPUT_FILE = /\.(ts|sql|prisma|json|toml)$/

function seedInputsHash(): string {
  const hash = crypto.createHash('sha256')
  const files: string[] = []
  for (const input of SEED_INPUTS) {
    const full = path.join(root, input)
    if (fs.statSync(full).isFile()) files.push(input)
    else
      for (const entry of fs.readdirSync(full, { recursive: true, encoding: 'utf8' }))
        if (SEED_INPUT_FILE.test(entry) && !entry.split(path.sep).includes('__tests__'))
          files.push(path.join(input, entry))
  }
  for (const file of files.sort())
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(root, file)))
  return hash.digest('hex').slice(0, 16)
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/** A Postgres server: its owner role (creates databases) and the service role servers run as. */
export interface PostgresServer {
  ownerUrl: string
  serviceUrl: string
}

const testServer = (): PostgresServer => ({ ownerUrl: testDatabaseUrl(), serviceUrl: testServiceDatabaseUrl() })

/** Runs `fn` connected as the owner to the server's default database, or to `database`. */
const asOwner = <T>(server: PostgresServer, fn: (client: pg.Client) => Promise<T>, database?: string) =>
  withAdminClient(fn, database, server.ownerUrl)

/** Per server: the template's name once known to be built. */
const templates = new Map<string, Promise<string>>()

/** The seeded template's name, built (once per change of its inputs, under a lock) if missing. */
export function seededTemplate(server = testServer()): Promise<string> {
  let template = templates.get(server.ownerUrl)
  if (!template) {
    template = buildTemplateUnlessPresent(server).catch((error: unknown) => {
      templates.delete(server.ownerUrl)
      throw error
    })
    templates.set(server.ownerUrl, template)
  }
  return template
}

const exists = async (server: PostgresServer, database: string) =>
  asOwner(server, async (client) => {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    return rows.length > 0
  })

async function buildTemplateUnlessPresent(server: PostgresServer): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${seedInputsHash()}`
  if (await exists(server, name)) return name
  // One builder at a time (two test runs against one server): the second waits and finds it built.
  return asOwner(server, async (lock) => {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [name])
    try {
      if (await exists(server, name)) return name
      const building = `${name}_building`
      await asOwner(server, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoted(building)} WITH (FORCE)`)
        await client.query(`CREATE DATABASE ${quoted(building)}`)
      })
      const started = performance.now()
      console.log(`e2e: seeding the demo dataset into template database ${name} (once per change of the seed)…`)
      await runSeedScript(server, building)
      // The rename is the commit: a template under its final name is always whole.
      await asOwner(server, async (client) => {
        await client.query(`ALTER DATABASE ${quoted(building)} RENAME TO ${quoted(name)}`)
        await dropOtherTemplates(client, name)
      })
      console.log(`e2e: template ${name} seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      return name
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [name])
    }
  })
}

/** Templates of earlier seeds (best effort: one still being copied from is left for next time). */
async function dropOtherTemplates(
  client: { query(sql: string, values?: unknown[]): Promise<{ rows: { datname: string }[] }> },
  keep: string,
) {
  const { rows } = await client.query(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2 AND datname NOT LIKE '%\\_building'`,
    [`${TEMPLATE_PREFIX}%`, keep],
  )
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quoted(datname)}`).catch(() => {})
}

/** The database URLs a subgraph's servers (and the seed) use inside `database`. */
export function subgraphDatabaseEnv(
  subgraph: SubgraphName,
  database: string,
  server = testServer(),
): NodeJS.ProcessEnv {
  const prefix = subgraph.toUpperCase()
  return {
    [`${prefix}_DATABASE_URL`]: urlWithSchema(subgraph, urlWithDatabase(server.serviceUrl, database)),
    [`${prefix}_MIGRATION_DATABASE_URL`]: urlWithSchema(subgraph, urlWithDatabase(server.ownerUrl, database)),
    DATABASE_URL: '',
    MIGRATION_DATABASE_URL: '',
  }
}

async function runSeedScript(server: PostgresServer, database: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' }
  for (const subgraph of SUBGRAPH_NAMES) Object.assign(env, subgraphDatabaseEnv(subgraph, database, server))
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { cwd: root, env })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.on('error', reject)
    child.on('exit', resolve)
  })
  if (code !== 0) throw new Error(`seeding the e2e template failed (exit ${code}):\n${output.join('').slice(-4000)}`)
}

/** A suite's (or a benchmark run's) own database: a copy of the seeded template. */
export async function copyOfSeededTemplate(database: string, server = testServer()): Promise<void> {
  const source = await seededTemplate(server)
  await asOwner(server, (client) => client.query(`CREATE DATABASE ${quoted(database)} TEMPLATE ${quoted(source)}`))
}

export async function dropDatabase(database: string, server = testServer()): Promise<void> {
  await asOwner(server, (client) => client.query(`DROP DATABASE IF EXISTS ${quoted(database)} WITH (FORCE)`))
}
