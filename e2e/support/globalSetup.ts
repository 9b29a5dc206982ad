import requirePostgres from '../../test/support/requirePostgres'
import { buildServers } from '../../scripts/run/serverBuild'
import { seededTemplate } from '../../test/support/seededDatabase'

// Jest globalSetup of the end-to-end suites: Postgres must be there, the servers they start are
// built once, from the sources under test, before the first suite (scripts/run/serverBuild.ts), and
// so is the seeded template database every suite copies (test/support/seededDatabase.ts). Built
// here, outside any suite's time limit, rather than in the beforeAll of whichever suites come
// first (~45 s on a quiet machine, several times that on a loaded one); when it is already there
// (unchanged seed inputs) this only hashes them and looks it up.
export default async function endToEndSetup(): Promise<void> {
  await requirePostgres()
  buildServers()
  await seededTemplate()
}
