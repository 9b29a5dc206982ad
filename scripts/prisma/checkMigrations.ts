import { SUBGRAPHS_WITH_DATABASES, pendingMigrationSql } from './migrationDiff'

// npm run db:check: fails when a schema.prisma has changes that no committed migration carries.
async function main() {
  let drift = 0
  for (const subgraph of SUBGRAPHS_WITH_DATABASES) {
    const sql = await pendingMigrationSql(subgraph)
    if (sql.trim()) {
      drift += 1
      console.error(
        `✖ ${subgraph}: prisma/${subgraph}/schema.prisma differs from its migrations. Run \`npm run db:migration -- ${subgraph} <name>\`. Missing SQL:\n${sql}`,
      )
    } else console.log(`✔ ${subgraph}: migrations match schema.prisma`)
  }
  process.exitCode = drift ? 1 : 0
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
