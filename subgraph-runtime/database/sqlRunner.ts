import pg from 'pg'

/** The raw SQL access that start-up tasks (migrations, readiness) need, on Postgres or PGlite. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>
  /** Runs a multi-statement script (no parameters). */
  script(sql: string): Promise<void>
  close(): Promise<void>
}

export async function pgSqlRunner(config: pg.ClientConfig): Promise<SqlRunner> {
  const client = new pg.Client(config)
  await client.connect()
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as Row[]
    },
    async script(sql) {
      await client.query(sql) // no parameters: simple-query protocol, several statements allowed
    },
    close: () => client.end(),
  }
}

/** The part of PGlite's API we use (structural: PGlite ships separate CJS and ESM typings). */
interface PgliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>
  exec(sql: string): Promise<unknown>
}

/** Wraps an open PGlite instance; closing the runner leaves the instance open for Prisma. */
export function pgliteSqlRunner(db: PgliteLike): SqlRunner {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return (await db.query<Row>(sql, params)).rows
    },
    async script(sql) {
      await db.exec(sql)
    },
    close: async () => {},
  }
}
