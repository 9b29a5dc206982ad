import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { directReads } from '../directReads'

/**
 * Runs direct reads on an in-memory PGlite for a test. PGlite's dynamic imports need a real Node
 * runtime, not Jest's VM, so the reads run in a child process (this file, run as a script); each
 * answer comes back with its JavaScript types spelled out (describeTypes), or as its error message.
 */
export async function directReadsOnPglite(
  statements: { sql: string; args?: unknown[] }[],
): Promise<({ row: unknown } | { error: string })[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', __filename, JSON.stringify(statements)],
    { cwd: path.resolve(__dirname, '..', '..', '..') },
  )
  return JSON.parse(stdout) as ({ row: unknown } | { error: string })[]
}

/** A row with each Date and bigint made visible in JSON: { Date: iso } and { bigint: digits }. */
export function describeTypes(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Date
        ? { Date: value.toISOString() }
        : typeof value === 'bigint'
          ? { bigint: String(value) }
          : value,
    ]),
  )
}

async function main(statements: { sql: string; args?: unknown[] }[]) {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ])
  const db = await PGlite.create()
  try {
    const reads = directReads(new PrismaPGlite(db))
    const answers = []
    for (const { sql, args } of statements) {
      try {
        const [row] = await reads.rows<Record<string, unknown>>(sql, args)
        answers.push({ row: describeTypes(row!) })
      } catch (error) {
        answers.push({ error: (error as Error).message })
      }
    }
    process.stdout.write(JSON.stringify(answers))
  } finally {
    await db.close()
  }
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]!) as { sql: string; args?: unknown[] }[]).catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
