import type { SqlRunner } from './sqlRunner'

/**
 * What the service role (the one a subgraph server runs as) may do in its schema, granted by the
 * schema's owner at start-up right after the migrations, under their lock (concurrent GRANTs on
 * one object fail with "tuple concurrently updated").
 *
 * 21 CFR 11.10(e): the audit trail must be secure from alteration. The triggers of the audit
 * migrations refuse UPDATE, DELETE and TRUNCATE, but the owner of a table may disable or drop its
 * triggers; so the service owns nothing, and on an append-only table it may only INSERT and SELECT.
 * Everything else it needs (LISTEN/NOTIFY, advisory locks, pg_cancel_backend of its own backends)
 * takes no privilege on any object.
 */

/** Tables whose rows are never changed or removed: the service may only add and read them. */
export const APPEND_ONLY_TABLES: readonly string[] = ['audit_event', 'query_message', 'unblinding']

/** Prisma's bookkeeping of applied migrations: the owner's alone, the service never reads it. */
export const MIGRATIONS_TABLE = '_prisma_migrations'

/** What the service needs on every other table (the data layer reads, writes and deletes rows). */
export const ORDINARY_TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const
export const APPEND_ONLY_TABLE_PRIVILEGES = ['SELECT', 'INSERT'] as const
/** nextval() for serial and identity columns; never setval() (UPDATE). */
export const SEQUENCE_PRIVILEGES = ['USAGE', 'SELECT'] as const

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

export async function grantServiceRole(owner: SqlRunner, schema: string, serviceRole: string): Promise<void> {
  const s = quoteIdent(schema)
  const role = quoteIdent(serviceRole)
  const present = await owner.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2::text[])',
    [schema, [...APPEND_ONLY_TABLES, MIGRATIONS_TABLE]],
  )
  const table = (name: string) => `${s}.${quoteIdent(name)}`
  const restricted = present.map((row) => row.name)
  // One script is one implicit transaction: no moment where an append-only table is writable.
  await owner.script(
    [
      `GRANT USAGE ON SCHEMA ${s} TO ${role}`,
      `GRANT ${ORDINARY_TABLE_PRIVILEGES.join(', ')} ON ALL TABLES IN SCHEMA ${s} TO ${role}`,
      `GRANT ${SEQUENCE_PRIVILEGES.join(', ')} ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`,
      // Tables a later migration adds are covered even before the next start re-grants (e.g. one
      // applied with `prisma migrate deploy` as the owner); the owner's own default, so only it can change it.
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT ${ORDINARY_TABLE_PRIVILEGES.join(', ')} ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT ${SEQUENCE_PRIVILEGES.join(', ')} ON SEQUENCES TO ${role}`,
      ...restricted.map((name) => `REVOKE ALL ON ${table(name)} FROM ${role}`),
      ...restricted
        .filter((name) => APPEND_ONLY_TABLES.includes(name))
        .map((name) => `GRANT ${APPEND_ONLY_TABLE_PRIVILEGES.join(', ')} ON ${table(name)} TO ${role}`),
    ].join(';\n'),
  )
}
