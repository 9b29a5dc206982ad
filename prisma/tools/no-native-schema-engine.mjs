#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, which cannot be downloaded on our offline
// machines. `prisma generate|validate|format` only check that the configured engine exists; every
// migration task goes through our Wasm-based tools instead (npm run db:migration, scripts/prisma/).
if (process.argv.includes('--version') || process.argv.includes('-V')) {
  console.log('schema-engine-cli 0.0.0 (not installed: use npm run db:migration)')
  process.exit(0)
}
console.error(
  'The native Prisma schema engine is not installed here. Create migrations with `npm run db:migration -- <subgraph> <name>`; they are applied automatically when a subgraph starts.',
)
process.exit(1)
