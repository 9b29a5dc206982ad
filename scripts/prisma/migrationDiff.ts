import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { applyMigrations } from '../../subgraph-runtime/database/migrations'
import { pgliteSqlRunner } from '../../subgraph-runtime/database/sqlRunner'
import { createSchemaEngine, schemaFiles } from './schemaEngine'
import { SUBGRAPH_NAMES } from '../../subgraph-runtime/config'

/** Every subgraph has a database of its own (prisma/<name>/). */
export const SUBGRAPHS_WITH_DATABASES = SUBGRAPH_NAMES

export function prismaPaths(subgraph: string, root = path.resolve(__dirname, '../..')) {
  const dir = path.join(root, 'prisma', subgraph)
  return { schema: path.join(dir, 'schema.prisma'), migrations: path.join(dir, 'migrations') }
}

/**
 * The SQL that would bring a database built from the committed migrations to the current
 * schema.prisma ('' when they agree). An in-memory PGlite plays Prisma's "shadow database", so no
 * server and no CREATEDB privilege are needed.
 */
export async function pendingMigrationSql(subgraph: string, root?: string): Promise<string> {
  const { schema, migrations } = prismaPaths(subgraph, root)
  const shadow = await PGlite.create()
  try {
    await applyMigrations(pgliteSqlRunner(shadow), migrations)
    await shadow.exec('DROP TABLE "_prisma_migrations"') // bookkeeping, not part of the model
    const engine = await createSchemaEngine(new PrismaPGlite(shadow), schema)
    try {
      const diff = await engine.diff({
        from: { tag: 'schemaDatasource', ...schemaFiles(schema), configDir: path.dirname(schema) },
        to: { tag: 'schemaDatamodel', ...schemaFiles(schema) },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      })
      return diff.exitCode === 2 ? (diff.stdout ?? '') : ''
    } finally {
      engine.free()
    }
  } finally {
    await shadow.close()
  }
}
