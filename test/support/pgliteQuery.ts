import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

/**
 * Reads a PGlite data folder from a test. PGlite's dynamic imports need a real Node runtime, not
 * Jest's VM, so the query runs in a child process (this file, run as a script). Only one process
 * may have a PGlite folder open: query it while its server is stopped.
 */
export async function queryPglite<Row>(dataDir: string, sql: string): Promise<Row[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', __filename, dataDir, sql], {
    cwd: path.resolve(__dirname, '..', '..'),
  })
  return JSON.parse(stdout) as Row[]
}

async function main([dataDir, sql]: string[]) {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create(dataDir!)
  try {
    process.stdout.write(JSON.stringify((await db.query(sql!)).rows))
  } finally {
    await db.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
