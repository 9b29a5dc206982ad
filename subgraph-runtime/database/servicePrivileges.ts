import type { SqlRunner } from './sqlRunner'
import {
  APPEND_ONLY_TABLES,
  APPEND_ONLY_TABLE_PRIVILEGES,
  MIGRATIONS_TABLE,
  ORDINARY_TABLE_PRIVILEGES,
} from './serviceRoleGrants'

/**
 * What the service role can do in its schema, as Postgres itself answers (has_*_privilege,
 * pg_has_role), checked at every start: whatever granted them (our start-up grants, a DBA, a
 * migration run by hand), a missing privilege fails the start instead of some later request, and
 * one that would let the server alter its audit trail is named.
 */
export interface ServiceRoleState {
  role: string
  superuser: boolean
  schemaUsage: boolean
  /** The role is, or may act as, the schema's owner: it may drop anything in it. */
  ownsSchema: boolean
  relations: { name: string; kind: 'table' | 'sequence' | 'other'; owned: boolean; privileges: string[] }[]
  ownedFunctions: string[]
}

export interface ServicePrivilegeFindings {
  role: string
  /** Needed by the server and not held: requests would fail. */
  missing: string[]
  /** Held and more than the server needs: each lets it alter or switch off the audit trail. */
  excess: string[]
}

const TABLE_CHECKS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']
const SEQUENCE_CHECKS = ['USAGE', 'SELECT', 'UPDATE']

export async function inspectServiceRole(service: SqlRunner, schema: string): Promise<ServiceRoleState> {
  // pg_has_role(owner, 'MEMBER'): the owner itself, or a role it may SET ROLE to: both may ALTER.
  const [role] = await service.query<{ role: string; superuser: boolean; usage: boolean; owns: boolean }>(
    `SELECT current_user AS role, r.rolsuper AS superuser,
            coalesce(has_schema_privilege(n.oid, 'USAGE'), false) AS usage,
            coalesce(pg_has_role(n.nspowner, 'MEMBER'), false) AS owns
       FROM pg_roles r LEFT JOIN pg_namespace n ON n.nspname = $1
      WHERE r.rolname = current_user`,
    [schema],
  )
  const relations = await service.query<ServiceRoleState['relations'][number]>(
    `SELECT c.relname AS name,
            CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'S' THEN 'sequence' ELSE 'other' END AS kind,
            pg_has_role(c.relowner, 'MEMBER') AS owned,
            CASE WHEN c.relkind IN ('r', 'p')
                   THEN ARRAY(SELECT p FROM unnest($2::text[]) p WHERE has_table_privilege(c.oid, p))
                 WHEN c.relkind = 'S'
                   THEN ARRAY(SELECT p FROM unnest($3::text[]) p WHERE has_sequence_privilege(c.oid, p))
                 ELSE ARRAY[]::text[] END AS privileges
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
      ORDER BY c.relname`,
    [schema, TABLE_CHECKS, SEQUENCE_CHECKS],
  )
  const functions = await service.query<{ name: string }>(
    `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND pg_has_role(p.proowner, 'MEMBER') ORDER BY p.proname`,
    [schema],
  )
  return {
    role: role!.role,
    superuser: role!.superuser,
    schemaUsage: role!.usage,
    ownsSchema: role!.owns,
    relations,
    ownedFunctions: functions.map((f) => f.name),
  }
}

/** Pure: what the state lacks and what it holds beyond the server's needs. */
export function servicePrivilegeFindings(state: ServiceRoleState, schema: string): ServicePrivilegeFindings {
  const missing: string[] = []
  const excess: string[] = []
  if (state.superuser) excess.push('is a superuser')
  if (!state.schemaUsage) missing.push(`USAGE on schema "${schema}"`)
  if (state.ownsSchema) excess.push(`owns schema "${schema}"`)
  for (const relation of state.relations) {
    if (relation.owned) excess.push(`owns ${relation.kind === 'other' ? 'relation' : relation.kind} ${relation.name}`)
    if (relation.name === MIGRATIONS_TABLE) continue
    if (relation.kind === 'other') continue
    const held = new Set(relation.privileges)
    const appendOnly = relation.kind === 'table' && APPEND_ONLY_TABLES.includes(relation.name)
    const needed: readonly string[] =
      relation.kind === 'sequence' ? ['USAGE'] : appendOnly ? APPEND_ONLY_TABLE_PRIVILEGES : ORDINARY_TABLE_PRIVILEGES
    const on = (privileges: string[]) => `${privileges.join(', ')} on ${relation.kind} ${relation.name}`
    const lacking = needed.filter((p) => !held.has(p))
    if (lacking.length > 0) missing.push(on(lacking))
    // 21 CFR 11.10(e): rows of the trail are never changed, removed or rewritten by a trigger.
    const beyond = relation.privileges.filter((p) => !needed.includes(p))
    if (appendOnly && beyond.length > 0) excess.push(on(beyond))
  }
  for (const name of state.ownedFunctions) excess.push(`owns function ${name}`)
  return { role: state.role, missing, excess }
}

/**
 * A start refuses a service role that lacks what it needs, always; one that could alter the audit
 * trail, in production (elsewhere it is a warning, returned, so a developer's single-role
 * database still starts).
 */
export function judgeServicePrivileges(
  findings: ServicePrivilegeFindings,
  options: { schema: string; production: boolean; ownerRole: string },
): string[] {
  const { role, missing, excess } = findings
  if (missing.length > 0)
    throw new Error(
      `The service role "${role}" lacks privileges it needs in schema "${options.schema}": ${missing.join(', ')}. ` +
        'Set MIGRATION_DATABASE_URL (or <SUBGRAPH>_MIGRATION_DATABASE_URL) to the schema owner so that start-up grants them.',
    )
  if (excess.length === 0) return []
  const sameRole = options.ownerRole === role ? ' (the migrations ran as the same role)' : ''
  const message =
    `The service role "${role}" can alter schema "${options.schema}" and switch off its audit trail${sameRole}: ` +
    `${excess.join(', ')}. Run the server as a role that owns nothing (DATABASE_URL) and the migrations as the ` +
    "schema's owner (MIGRATION_DATABASE_URL); see docs/audit-trail.md."
  if (options.production) throw new Error(message)
  return [message]
}
