import { MultiBar, Presets } from 'cli-progress'
import { loadSubgraphConfig } from '../server-kit/config'
import { openDatabase } from '../server-kit/database/openDatabase'
import { describeTarget } from '../server-kit/database/target'
import { createLogger } from '../server-kit/logger'
import { subgraphModules } from '../subgraphs/registry'
import { SUBGRAPHS } from './run/supergraphProcesses'

/**
 * npm run seed: writes the deterministic demo dataset into every subgraph's own database (the
 * same targets the servers use: PGlite folders under .data/, or DATABASE_URL). Idempotent: rows
 * have stable ids and existing rows are skipped. Stop `npm start` first when using PGlite (one
 * process at a time may open a PGlite folder).
 */
async function main() {
  const started = performance.now()
  const bars = new MultiBar({ format: ' {subgraph} {table} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false }, Presets.shades_classic)
  const logger = createLogger('seed', { LOG_LEVEL: 'warn' })
  for (const name of SUBGRAPHS) {
    const module = subgraphModules[name]
    const config = loadSubgraphConfig(name)
    const database = await openDatabase(config.database, module.migrationsDir)
    const prisma = module.createPrisma(database.adapter)
    const tableBars = new Map<string, ReturnType<MultiBar['create']>>()
    try {
      await module.seedDemoData?.(prisma, {
        logger,
        progress: ({ table, done, total }) => {
          let bar = tableBars.get(table)
          if (!bar) tableBars.set(table, (bar = bars.create(total, 0, { subgraph: name.padEnd(8), table: table.padEnd(18) })))
          bar.update(done)
        },
      })
    } finally {
      await prisma.$disconnect()
      await database.close()
    }
    bars.log(`${name}: ${describeTarget(config.database)}\n`)
  }
  bars.stop()
  console.log(`Demo data seeded in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
