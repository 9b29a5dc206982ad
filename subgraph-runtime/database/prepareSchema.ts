import { applyMigrations, type MigrationProgress, type MigrationReport } from './migrations'
import { grantServiceRole } from './serviceRoleGrants'
import { inspectServiceRole, judgeServicePrivileges, servicePrivilegeFindings } from './servicePrivileges'
import { pgSqlRunner, type SqlRunner } from './sqlRunner'
import { migrationConnectionConfig, pgConnectionConfig, type PostgresTarget } from './target'
import { SEED_LEDGER_DDL } from '../seeding/seedLedger'

export interface PreparedSchema {
  migrations: MigrationReport
  roles: { service: string; owner: string }
  /** Findings that refuse a production start and only warn elsewhere (judgeServicePrivileges). */
  warnings: string[]
}

/**
 * Start-up on Postgres: the schema's owner (MIGRATION_DATABASE_URL) applies the migrations and
 * grants the service role what the server needs; then the service role's own connection checks
 * what it holds. Without a migration URL the service role migrates (and owns) the schema itself,
 * which only a development database may do.
 */
export async function prepareSchema(
  target: PostgresTarget,
  migrationsDir: string,
  options: { production: boolean; progress?: MigrationProgress },
): Promise<PreparedSchema> {
  const service = await pgSqlRunner(pgConnectionConfig(target))
  try {
    const serviceRole = await currentRole(service)
    const owner = target.migrationUrl ? await pgSqlRunner(migrationConnectionConfig(target)) : service
    let ownerRole = serviceRole
    let migrations: MigrationReport
    try {
      ownerRole = await currentRole(owner)
      // Before anything is created: what the service role migrates, it owns.
      if (options.production && ownerRole === serviceRole) throw sameRoleInProduction(target, serviceRole)
      // The owner also creates the demo seed's bookkeeping table (seeding/seedLedger.ts), which the
      // service role, owning nothing, could not; then grants the service role what it needs.
      const grant =
        ownerRole === serviceRole
          ? undefined
          : async (sql: SqlRunner) => {
              await sql.script(SEED_LEDGER_DDL)
              await grantServiceRole(sql, target.schema, serviceRole)
            }
      migrations = await applyMigrations(owner, migrationsDir, target.schema, {
        afterMigrations: grant,
        progress: options.progress,
      })
    } catch (error) {
      throw target.migrationUrl || error instanceof SameRoleError
        ? error
        : explainRefusedMigration(error, target.schema, serviceRole)
    } finally {
      if (owner !== service) await owner.close()
    }
    const findings = servicePrivilegeFindings(await inspectServiceRole(service, target.schema), target.schema)
    const warnings = judgeServicePrivileges(findings, {
      schema: target.schema,
      production: options.production,
      ownerRole,
    })
    return { migrations, roles: { service: serviceRole, owner: ownerRole }, warnings }
  } finally {
    await service.close()
  }
}

class SameRoleError extends Error {}

function sameRoleInProduction(target: PostgresTarget, serviceRole: string): SameRoleError {
  const how = target.migrationUrl
    ? 'MIGRATION_DATABASE_URL logs in as the same role as DATABASE_URL'
    : 'no MIGRATION_DATABASE_URL is set, so migrations would run as DATABASE_URL'
  return new SameRoleError(
    `Refusing to start in production: ${how} ("${serviceRole}"), which would own schema "${target.schema}" and ` +
      "could switch off its audit trail. Set MIGRATION_DATABASE_URL (or <SUBGRAPH>_MIGRATION_DATABASE_URL) to the schema's " +
      'owner and DATABASE_URL to a role that owns nothing; see docs/configuration.md#database-roles.',
  )
}

async function currentRole(sql: SqlRunner): Promise<string> {
  const [row] = await sql.query<{ role: string }>('SELECT current_user AS role')
  return row!.role
}

/** A limited service role cannot create the schema or its tables: say which variable is missing. */
function explainRefusedMigration(error: unknown, schema: string, serviceRole: string): unknown {
  const codeOf = (e: unknown) => (e as { code?: unknown } | undefined)?.code
  if (codeOf(error) !== '42501' && codeOf((error as Error).cause) !== '42501') return error
  return new Error(
    `Migrating schema "${schema}" as the service role "${serviceRole}" was refused (${(error as Error).message}). ` +
      "The service role owns nothing, so migrations need the schema owner's connection: set MIGRATION_DATABASE_URL " +
      '(or <SUBGRAPH>_MIGRATION_DATABASE_URL).',
    { cause: error },
  )
}
