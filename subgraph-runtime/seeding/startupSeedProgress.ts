import type { Logger } from '../../platform/logging/logger'
import type { BootProgress } from '../../contracts/bootProgress'
import type { SeedProgress } from './seedRun'

/**
 * Progress of the seed a server runs at start-up: `/ready` says where it is after every batch
 * (the supervisor waits as long as that moves), the log gets a line per quarter of each step.
 */
export function startupSeedProgress(logger: Logger, status?: { report(progress: BootProgress): void }): SeedProgress {
  const lastQuarter = new Map<string, number>()
  return ({ table, done, total, skipped }) => {
    status?.report({ status: 'seeding', activity: table, done, total })
    if (skipped) {
      logger.info({ table, rows: total }, 'demo data already seeded by the interrupted start')
      return
    }
    const quarter = total === 0 ? 4 : Math.floor((done / total) * 4)
    if (quarter === 0 || lastQuarter.get(table) === quarter) return
    lastQuarter.set(table, quarter)
    logger.info({ table, done, total }, quarter === 4 ? 'demo data seeded' : 'seeding demo data')
  }
}
