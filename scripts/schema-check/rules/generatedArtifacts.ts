import path from 'node:path'
import { staleResolverTypes } from '../../codegen'
import { staleWebOperationTypes } from '../../webOperationTypes'
import { SUBGRAPHS_WITH_DATABASES, pendingMigrationSql } from '../../prisma/migrationDiff'
import { error, type Finding } from '../findings'

/** Resolver types are generated from each subgraph's SDL; a stale file hides type errors. */
export async function checkGeneratedTypes(root: string): Promise<Finding[]> {
  const findings = (await staleResolverTypes(root)).map((file) => {
    const relative = path.relative(root, file)
    return error('generated-types', 'STALE_FILE', `${relative} is stale: run \`npm run codegen\` and commit it.`, {
      file: relative,
      subgraphs: [relative.split(path.sep)[1]!],
    })
  })
  // The web app's typed operations: a stale file would let a screen read a shape the API no longer returns.
  const web = await staleWebOperationTypes(root)
  if (web) {
    const relative = path.relative(root, web)
    findings.push(
      error('generated-types', 'STALE_FILE', `${relative} is stale: run \`npm run codegen\` and commit it.`, {
        file: relative,
      }),
    )
  }
  return findings
}

/** A schema.prisma change without a migration would never reach a database. */
export async function checkPrismaMigrations(root: string): Promise<Finding[]> {
  const findings: Finding[] = []
  for (const subgraph of SUBGRAPHS_WITH_DATABASES) {
    const sql = await pendingMigrationSql(subgraph, root)
    if (sql.trim()) {
      findings.push(
        error(
          'prisma-migrations',
          'MIGRATION_MISSING',
          `prisma/${subgraph}/schema.prisma has changes no migration carries: run \`npm run db:migration -- ${subgraph} <name>\` and commit it.`,
          {
            subgraphs: [subgraph],
            file: `prisma/${subgraph}/schema.prisma`,
            detail: sql.trim(),
          },
        ),
      )
    }
  }
  return findings
}
