import type { SqlRunner } from '../database/sqlRunner'

/**
 * What the demo seed has finished in this database, one row per step (a table's rows, written in
 * batches) and one row once every step of a pass is done. Kept by the runtime like Prisma's
 * `_prisma_migrations`, not in any context's Prisma schema: it is bookkeeping of the start-up, not
 * data of the context. A pass that is interrupted (a crash, SIGKILL, a start-up that timed out)
 * leaves its finished steps recorded and no completion row, so the next start knows to finish it.
 */
const TABLE = '"_demo_seed"'
/** The row that says a whole pass finished; no step is called this. */
const COMPLETE = '(complete)'

/** Raw SQL on the subgraph's own database: a start-up SqlRunner, or the Prisma client (prismaSql). */
export type LedgerSql = Pick<SqlRunner, 'query'>

export interface LedgerState {
  /** Rows written by each finished step of the current pass. */
  finishedSteps: Map<string, number>
  /** The current pass finished every step. */
  complete: boolean
}

export interface SeedLedger {
  read(): Promise<LedgerState>
  /** Forgets every record: a new pass starts (after new migrations, or `npm run seed`). */
  startPass(): Promise<void>
  recordStep(step: string, rows: number): Promise<void>
  recordComplete(steps: number): Promise<void>
}

/**
 * Created with the migrations, by the role that applies them (database/migrations.ts): a service
 * role that owns nothing may not create it. An embedded or single-role database creates it here.
 */
export const SEED_LEDGER_DDL = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  "step" TEXT PRIMARY KEY,
  "rows" INTEGER NOT NULL,
  "finished_at" TIMESTAMPTZ NOT NULL DEFAULT now()
)`

export async function openSeedLedger(sql: LedgerSql): Promise<SeedLedger> {
  // Asked first: even CREATE ... IF NOT EXISTS needs the CREATE privilege on the schema. Two
  // replicas starting on one new schema can both find the table missing; Postgres then refuses the
  // slower CREATE (a duplicate type name), which a second try sees as already done.
  const [found] = await sql.query<{ exists: boolean }>(`SELECT to_regclass('${TABLE}') IS NOT NULL AS "exists"`)
  if (!found?.exists) await sql.query(SEED_LEDGER_DDL).catch(() => sql.query(SEED_LEDGER_DDL))
  const record = (step: string, rows: number) =>
    sql.query(
      `INSERT INTO ${TABLE} (step, rows) VALUES ($1, $2)
       ON CONFLICT (step) DO UPDATE SET rows = EXCLUDED.rows, finished_at = now()`,
      [step, rows],
    )
  return {
    async read() {
      const rows = await sql.query<{ step: string; rows: number }>(`SELECT step, rows FROM ${TABLE}`)
      const steps = rows.filter((r) => r.step !== COMPLETE)
      return {
        finishedSteps: new Map(steps.map((r) => [r.step, Number(r.rows)])),
        complete: rows.some((r) => r.step === COMPLETE),
      }
    },
    async startPass() {
      await sql.query(`DELETE FROM ${TABLE}`)
    },
    async recordStep(step, rows) {
      if (step === COMPLETE) throw new Error(`"${COMPLETE}" is reserved and cannot name a seed step`)
      await record(step, rows)
    },
    async recordComplete(steps) {
      await record(COMPLETE, steps)
    },
  }
}
