import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { SUBGRAPH_NAMES } from '../../config'
import { openDatabase, type OpenedDatabase } from '../../database/openDatabase'
import { pgConnectionConfig, type PostgresTarget } from '../../database/target'
import { dropSchemas, testDatabaseTarget, uniqueSchemaName, withAdminClient } from '../../../test/support/postgres'

// 21 CFR 11.10(e): the audit trail must be secure from alteration. Its triggers refuse UPDATE,
// DELETE and TRUNCATE, but a table's owner may switch them off (`ALTER TABLE … DISABLE TRIGGER`,
// then `DELETE`), so the role the servers run as must own nothing. For every subgraph that keeps
// an audit table, migrated as production does (the owner migrates and grants, and start-up in
// production mode accepts the service role), the service role may add and read rows and nothing
// else: every attempt is refused by Postgres's privileges (not by the triggers), and the rows and
// triggers are as before.
jest.setTimeout(60_000)

const root = path.join(__dirname, '..', '..', '..')
const migrationsDirOf = (name: string) => path.join(root, 'prisma', name, 'migrations')
const createsAuditTable = (name: string) =>
  fs
    .readdirSync(migrationsDirOf(name))
    .map((migration) => path.join(migrationsDirOf(name), migration, 'migration.sql'))
    .some((file) => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('CREATE TABLE "audit_event"'))
const withAuditTrail = SUBGRAPH_NAMES.filter(createsAuditTable)

it('finds the subgraphs that keep an audit trail', () => {
  expect(withAuditTrail).toEqual(expect.arrayContaining(['users', 'epro']))
})

describe.each(withAuditTrail)('the %s service role', (name) => {
  const schema = uniqueSchemaName(`${name}_audit_role`)
  const target = testDatabaseTarget(name, schema, 1) as PostgresTarget
  let db: OpenedDatabase | undefined
  let service: pg.Client

  /** The rows and the triggers' states, as the owner sees them. */
  const trail = () =>
    withAdminClient(async (owner) => ({
      rows: (await owner.query(`SELECT id, operation FROM "${schema}".audit_event ORDER BY sequence`)).rows,
      triggers: (
        await owner.query(
          `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = '"${schema}".audit_event'::regclass AND NOT tgisinternal ORDER BY tgname`,
        )
      ).rows,
    }))

  const insertRow = () =>
    service.query(
      `INSERT INTO audit_event (id, actor_role, operation, entity_type, entity_id, request_id)
       VALUES ($1::uuid, 'SYSTEM', 'CREATE', 'RoleTest', $1::text, 'req-role-test')`,
      [crypto.randomUUID()],
    )

  beforeAll(async () => {
    db = await openDatabase(target, migrationsDirOf(name), { production: true })
    service = new pg.Client(pgConnectionConfig(target, 'audit-role-test'))
    await service.connect()
    await insertRow()
  })
  afterAll(async () => {
    await service?.end()
    await db?.close()
    await dropSchemas([schema])
  })

  it('is another role than the owner, and may INSERT and SELECT audit rows', async () => {
    expect(db!.roles!.service).not.toBe(db!.roles!.owner)
    await insertRow()
    const { rows } = await service.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE request_id = 'req-role-test'`,
    )
    expect(rows[0]!.n).toBe(2)
  })

  it.each([
    [
      'disable the trigger that refuses UPDATE and DELETE',
      'ALTER TABLE audit_event DISABLE TRIGGER audit_event_refuse_update_delete',
    ],
    ['disable every trigger', 'ALTER TABLE audit_event DISABLE TRIGGER ALL'],
    ['drop the trigger that refuses UPDATE and DELETE', 'DROP TRIGGER audit_event_refuse_update_delete ON audit_event'],
    ['drop the trigger that refuses TRUNCATE', 'DROP TRIGGER audit_event_refuse_truncate ON audit_event'],
    [
      'replace the function the triggers run',
      'CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$',
    ],
    [
      'add a trigger that could rewrite new rows',
      'CREATE TRIGGER rewrite_rows BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()',
    ],
    ['DELETE a row', `DELETE FROM audit_event WHERE request_id = 'req-role-test'`],
    ['UPDATE a row', `UPDATE audit_event SET operation = 'SIGN_OUT'`],
    ['TRUNCATE the table', 'TRUNCATE audit_event'],
    ['ALTER the table', 'ALTER TABLE audit_event ADD COLUMN note text'],
    ['take the table over', 'ALTER TABLE audit_event OWNER TO CURRENT_USER'],
    ['DROP the table', 'DROP TABLE audit_event'],
    ['DROP the schema', `DROP SCHEMA "${schema}" CASCADE`],
  ])('may not %s', async (_what, sql) => {
    const before = await trail()
    expect(before.rows.length).toBeGreaterThan(0)
    expect(before.triggers).toEqual([
      { tgname: 'audit_event_refuse_truncate', tgenabled: 'O' },
      { tgname: 'audit_event_refuse_update_delete', tgenabled: 'O' },
    ])
    // Refused for want of a privilege, before any trigger runs (the triggers say "append-only").
    await expect(service.query(sql)).rejects.toThrow(/^(permission denied for|must be owner of)/)
    expect(await trail()).toEqual(before)
  })

  it('owns nothing in the schema', async () => {
    const { rows } = await service.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND pg_has_role(c.relowner, 'MEMBER')
       UNION ALL
       SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND pg_has_role(p.proowner, 'MEMBER')
       UNION ALL
       SELECT nspname FROM pg_namespace WHERE nspname = $1 AND pg_has_role(nspowner, 'MEMBER')`,
      [schema],
    )
    expect(rows).toEqual([])
  })
})
