import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../openDatabase'
import { inspectServiceRole, judgeServicePrivileges, servicePrivilegeFindings } from '../servicePrivileges'
import { pgSqlRunner } from '../sqlRunner'
import { pgConnectionConfig, resolveDatabaseTarget, type PostgresTarget } from '../target'
import {
  asOwnerIn,
  dropSchemas,
  testDatabaseTarget,
  testServiceDatabaseUrl,
  uniqueSchemaName,
  urlWithSchema,
  withAdminClient,
} from '../../../test/support/postgres'

// Start-up on Postgres with two roles: the owner migrates and grants, the service role gets what
// the server needs (and nothing that could alter the audit trail), and a start with the wrong
// roles says what is wrong instead of failing some later request.
const schemas: string[] = []
let dir: string

function writeMigration(name: string, body: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true })
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), body)
}

function freshSchema(label: string) {
  const schema = uniqueSchemaName(label)
  schemas.push(schema)
  return schema
}

/** Opens, with the given roles, and closes at once: what a start-up does before serving. */
async function start(target: PostgresTarget, production = true) {
  const db = await openDatabase(target, dir, { production })
  await db.close()
  return db
}

/** What the service role holds in `schema`, as the start-up check reads it. */
async function findings(schema: string) {
  const service = await pgSqlRunner(pgConnectionConfig(testDatabaseTarget('users', schema) as PostgresTarget))
  try {
    return servicePrivilegeFindings(await inspectServiceRole(service, schema), schema)
  } finally {
    await service.close()
  }
}

const schemaExists = async (schema: string) =>
  withAdminClient(
    async (c) => (await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1,
  )

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-role-'))
  writeMigration(
    '20260101000000_init',
    `CREATE TABLE thing (id serial PRIMARY KEY, name text);
     CREATE TABLE audit_event (id serial PRIMARY KEY, what text NOT NULL);`,
  )
})
afterAll(() => dropSchemas(schemas))

it('grants the service role what the server needs, and only INSERT and SELECT on the audit table', async () => {
  const schema = freshSchema('roles_grants')
  const db = await start(testDatabaseTarget('users', schema) as PostgresTarget)
  expect(db.warnings).toEqual([])
  expect(await findings(schema)).toMatchObject({ missing: [], excess: [] })
  const service = await pgSqlRunner(pgConnectionConfig(testDatabaseTarget('users', schema) as PostgresTarget))
  try {
    // serial columns: nextval() needs USAGE on the sequence
    await service.script(`INSERT INTO thing (name) VALUES ('a'); UPDATE thing SET name = 'b'; DELETE FROM thing`)
    await service.script(`INSERT INTO audit_event (what) VALUES ('kept')`)
    await expect(service.script('DELETE FROM audit_event')).rejects.toThrow(/permission denied for table audit_event/)
    await expect(service.query('SELECT * FROM _prisma_migrations')).rejects.toThrow(/permission denied/)
  } finally {
    await service.close()
  }
})

it("covers tables a later migration adds, and the owner's tables made outside migrations (default privileges)", async () => {
  const schema = freshSchema('roles_later')
  const target = testDatabaseTarget('users', schema) as PostgresTarget
  await start(target)
  await asOwnerIn(schema, 'CREATE TABLE made_by_hand (id serial PRIMARY KEY)')
  writeMigration('20260102000000_later', 'CREATE TABLE later_thing (id serial PRIMARY KEY);')
  try {
    const service = await pgSqlRunner(pgConnectionConfig(target))
    try {
      // Before any restart re-grants: the owner's default privileges already apply.
      await service.script('INSERT INTO made_by_hand DEFAULT VALUES')
      await start(target)
      await service.script('INSERT INTO later_thing DEFAULT VALUES')
    } finally {
      await service.close()
    }
  } finally {
    fs.rmSync(path.join(dir, '20260102000000_later'), { recursive: true })
  }
})

describe('refuses a production start', () => {
  it('when the service role owns its schema (one URL, no MIGRATION_DATABASE_URL); a warning elsewhere', async () => {
    const schema = freshSchema('roles_one')
    const target = resolveDatabaseTarget('users', { subgraphUrl: urlWithSchema(schema) }) as PostgresTarget
    await expect(start(target, true)).rejects.toThrow(
      /no MIGRATION_DATABASE_URL is set, so migrations would run as DATABASE_URL \("[^"]+"\), which would own schema/,
    )
    expect(await schemaExists(schema)).toBe(false) // refused before anything was created
    const db = await start(target, false)
    expect(db.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `can alter schema "${schema}" and switch off its audit trail .*owns table audit_event.*MIGRATION_DATABASE_URL`,
        ),
      ),
    ])
  })

  it('when MIGRATION_DATABASE_URL logs in as the same role as DATABASE_URL', async () => {
    const schema = freshSchema('roles_same')
    const owner = urlWithSchema(schema)
    const target = resolveDatabaseTarget('users', { subgraphUrl: owner, sharedMigrationUrl: owner }) as PostgresTarget
    await expect(start(target)).rejects.toThrow(/MIGRATION_DATABASE_URL logs in as the same role as DATABASE_URL/)
    expect(await schemaExists(schema)).toBe(false)
  })

  it('when the service role holds more than INSERT and SELECT on the audit table (which a start takes back)', async () => {
    const schema = freshSchema('roles_excess')
    await start(testDatabaseTarget('users', schema) as PostgresTarget)
    const { role } = await findings(schema)
    await asOwnerIn(schema, `GRANT DELETE, TRIGGER ON audit_event TO "${role}"`)
    const found = await findings(schema)
    expect(found.excess).toEqual(['DELETE, TRIGGER on table audit_event'])
    expect(() => judgeServicePrivileges(found, { schema, production: true, ownerRole: 'owner' })).toThrow(
      /switch off its audit trail: DELETE, TRIGGER on table audit_event/,
    )
    // A start grants afresh: what a DBA added beyond INSERT and SELECT on the trail is taken back.
    await start(testDatabaseTarget('users', schema) as PostgresTarget)
    expect((await findings(schema)).excess).toEqual([])
  })
})

describe('refuses any start', () => {
  it('when the service role alone would migrate: it cannot, and the message names MIGRATION_DATABASE_URL', async () => {
    const schema = freshSchema('roles_nomigrator')
    const target = resolveDatabaseTarget('users', {
      subgraphUrl: urlWithSchema(schema, testServiceDatabaseUrl()),
    }) as PostgresTarget
    await expect(start(target, false)).rejects.toThrow(
      /as the service role ".*" was refused \(permission denied.*set MIGRATION_DATABASE_URL/,
    )
  })

  it('when the service role lacks a privilege it needs', async () => {
    const schema = freshSchema('roles_missing')
    await start(testDatabaseTarget('users', schema) as PostgresTarget)
    const { role } = await findings(schema)
    await asOwnerIn(
      schema,
      `REVOKE INSERT, DELETE ON thing FROM "${role}"; REVOKE USAGE ON SEQUENCE thing_id_seq FROM "${role}"`,
    )
    const found = await findings(schema)
    expect(found.missing).toEqual(['INSERT, DELETE on table thing', 'USAGE on sequence thing_id_seq'])
    expect(() => judgeServicePrivileges(found, { schema, production: false, ownerRole: 'owner' })).toThrow(
      /lacks privileges it needs .*INSERT, DELETE on table thing, USAGE on sequence thing_id_seq/,
    )
  })
})
