import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyMigrations } from '../migrations'
import { pgSqlRunner, type SqlRunner } from '../sqlRunner'
import { pgConnectionConfig, resolveDatabaseTarget } from '../target'
import { dropSchemas, uniqueSchemaName, urlWithSchema } from '../../../test/support/postgres'

// The start-up migrator against real Postgres: applies in order, once, atomically, and refuses
// edited or unknown migrations.
const schema = uniqueSchemaName('migrator')
let dir: string
let sql: SqlRunner

function writeMigration(name: string, body: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true })
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), body)
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'))
  const target = resolveDatabaseTarget('users', { subgraphUrl: urlWithSchema(schema) })
  if (target.kind !== 'postgres') throw new Error('expected postgres')
  sql = await pgSqlRunner(pgConnectionConfig(target))
})
afterAll(async () => {
  await sql.close()
  await dropSchemas([schema])
})

it('applies pending migrations once, in name order, inside the subgraph schema', async () => {
  writeMigration('20260101000000_first', 'CREATE TABLE thing (id int primary key);')
  writeMigration('20260102000000_second', 'ALTER TABLE thing ADD COLUMN name text;')
  expect(await applyMigrations(sql, dir, schema)).toEqual({
    applied: ['20260101000000_first', '20260102000000_second'],
    alreadyApplied: 0,
  })
  expect(await applyMigrations(sql, dir, schema)).toEqual({ applied: [], alreadyApplied: 2 })
  const [row] = await sql.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'thing'`,
  )
  expect(row!.schema).toBe(schema)
})

it('rolls a failing migration back completely and names it', async () => {
  writeMigration('20260103000000_broken', 'ALTER TABLE thing ADD COLUMN ok int; SELECT * FROM no_such_table;')
  await expect(applyMigrations(sql, dir, schema)).rejects.toThrow(/20260103000000_broken failed/)
  const columns = await sql.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'thing' AND column_name = 'ok'`,
    [schema],
  )
  expect(columns).toHaveLength(0)
  fs.rmSync(path.join(dir, '20260103000000_broken'), { recursive: true })
})

it('refuses a migration edited after it was applied', async () => {
  writeMigration('20260101000000_first', 'CREATE TABLE thing (id bigint primary key);')
  await expect(applyMigrations(sql, dir, schema)).rejects.toThrow(/was edited after it was applied/)
})
