import { MultiBar, Presets } from 'cli-progress'
import { loadSubgraphConfig } from '../subgraph-runtime/config'
import { openDatabase } from '../subgraph-runtime/database/openDatabase'
import { describeTarget } from '../subgraph-runtime/database/target'
import { createLogger } from '../platform/logging/logger'
import type { SeedProgress } from '../subgraph-runtime/seeding/seedRun'
import { runDemoSeed } from '../subgraph-runtime/seeding/demoSeed'
import { subgraphModules } from '../subgraphs/registry'
import { SUBGRAPHS } from './run/supergraphProcesses'

/**
 * npm run seed: writes the deterministic demo dataset into every subgraph's own database (the
 * same targets the servers use: PGlite folders under .data/, or DATABASE_URL). Idempotent: rows
 * have stable ids and existing rows are skipped. Stop `npm start` first when using PGlite (one
 * process at a time may open a PGlite folder). Records its passes like a start does
 * (subgraph-runtime/seeding), so an interrupted `npm run seed` is completed by the next `npm start`.
 */
/** Bars on a terminal; plain lines (each quarter) in CI logs, where redrawn bars are unreadable. */
function progressDisplay() {
  if (!process.stdout.isTTY) {
    const lastQuarter = new Map<string, number>()
    return {
      reporter:
        (subgraph: string): SeedProgress =>
        ({ table, done, total }) => {
          const quarter = total === 0 ? 4 : Math.floor((done / total) * 4)
          if (lastQuarter.get(`${subgraph}.${table}`) === quarter) return
          lastQuarter.set(`${subgraph}.${table}`, quarter)
          console.log(`${subgraph.padEnd(8)} ${table.padEnd(18)} ${String(done).padStart(6)}/${total}`)
        },
      log: (line: string) => console.log(line),
      stop: () => {},
    }
  }
  const bars = new MultiBar(
    { format: ' {subgraph} {table} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  )
  const tableBars = new Map<string, ReturnType<MultiBar['create']>>()
  return {
    reporter:
      (subgraph: string): SeedProgress =>
      ({ table, done, total }) => {
        const key = `${subgraph}.${table}`
        let bar = tableBars.get(key)
        if (!bar)
          tableBars.set(key, (bar = bars.create(total, 0, { subgraph: subgraph.padEnd(8), table: table.padEnd(18) })))
        bar.update(done)
      },
    log: (line: string) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  }
}

async function main() {
  const started = performance.now()
  const display = progressDisplay()
  const logger = createLogger('seed', { LOG_LEVEL: 'warn' })
  for (const name of SUBGRAPHS) {
    const module = subgraphModules[name]
    const config = loadSubgraphConfig(name)
    const database = await openDatabase(config.database, module.migrationsDir, { production: config.production })
    for (const warning of database.warnings) logger.warn(warning)
    const prisma = module.createPrisma(database.adapter)
    try {
      // A new pass: every step again (idempotent), recorded afresh, so a start afterwards finds it complete.
      if (module.seedDemoData)
        await runDemoSeed(module.seedDemoData, prisma, { logger, progress: display.reporter(name) })
    } finally {
      await prisma.$disconnect()
      await database.close()
    }
    display.log(`${name}: ${describeTarget(config.database)}`)
  }
  display.stop()
  console.log(`Demo data seeded in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
