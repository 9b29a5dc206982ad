import requirePostgres from '../../test/support/requirePostgres'
import { buildServers } from '../../scripts/run/serverBuild'

// Jest globalSetup of the end-to-end suites: Postgres must be there, and the servers they start
// are built once, from the sources under test, before the first suite (scripts/run/serverBuild.ts).
export default async function endToEndSetup(): Promise<void> {
  await requirePostgres()
  buildServers()
}
