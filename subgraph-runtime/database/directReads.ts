import {
  ColumnTypeEnum,
  type ArgType,
  type ColumnType,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils'
import type { SqlStatementListener } from './statementListener'

/**
 * Reads that skip Prisma's client runtime but not its driver: SQL sent through the subgraph's own
 * driver adapter — the same pool (so the same cancellation on deadlines and the same pool metrics)
 * on Postgres, the same database on PGlite. For the statements every entity fetch runs: on this
 * machine Prisma's query API costs 2–3× the driver's own time per statement (0.74 ms against
 * 0.28 ms of CPU for a patient's 50 lab results, `$queryRaw` 0.57 ms), and that is most of a
 * subgraph fetch. Writes and transactions stay on Prisma.
 */
export interface DirectReads {
  /**
   * Rows as objects keyed by column name, values as Prisma's `$queryRaw` gives them: timestamps
   * and dates as Date, int8 as bigint, json parsed. `$1`… are the args; an array arg is a list.
   */
  rows<Row>(sql: string, args?: readonly unknown[]): Promise<Row[]>
}

export function directReads(factory: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): DirectReads {
  // Connected on first use (Prisma connects its own the same lazy way); on Postgres this wraps the
  // pool the subgraph opened, which its database close ends. A failed connect is tried again by
  // the next read, not remembered.
  let connection: Promise<SqlDriverAdapter> | undefined
  const connect = () =>
    factory.connect().catch((error: unknown) => {
      connection = undefined
      throw error
    })
  return {
    async rows<Row>(sql: string, args: readonly unknown[] = []) {
      const adapter = await (connection ??= connect())
      const started = onStatement ? performance.now() : 0
      const result = await adapter.queryRaw({ sql, args: [...args], argTypes: args.map(argType) })
      onStatement?.({ query: sql, durationMs: performance.now() - started })
      return objects<Row>(result)
    },
  }
}

// The adapters look only at arity (a list maps each element) and at datetime/bytes scalar types
// (Date objects map themselves): every other value goes to the driver as it is.
const argType = (arg: unknown): ArgType => ({ scalarType: 'unknown', arity: Array.isArray(arg) ? 'list' : 'scalar' })

type Convert = (value: unknown) => unknown

/** What each column's values become; undefined: as the driver gives them. */
function converterOf(type: ColumnType, column: string): Convert | undefined {
  switch (type) {
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return (value) => new Date(value as string)
    case ColumnTypeEnum.Int64:
      return (value) => BigInt(value as string | number)
    case ColumnTypeEnum.Json:
      return (value) => (typeof value === 'string' ? JSON.parse(value) : value)
    case ColumnTypeEnum.DateTimeArray:
    case ColumnTypeEnum.DateArray:
      return (value) => (value as string[]).map((v) => (v === null ? null : new Date(v)))
    case ColumnTypeEnum.Int64Array:
      return (value) => (value as string[]).map((v) => (v === null ? null : BigInt(v)))
    // Prisma gives these as Decimal, Uint8Array or its own time values: a read that needs one says
    // so in SQL (::float8, ::text), rather than this module guessing what its caller expects.
    case ColumnTypeEnum.Numeric:
    case ColumnTypeEnum.NumericArray:
    case ColumnTypeEnum.Bytes:
    case ColumnTypeEnum.BytesArray:
    case ColumnTypeEnum.Time:
    case ColumnTypeEnum.TimeArray:
    case ColumnTypeEnum.JsonArray:
      throw new Error(`direct read: column "${column}" has a type this reader does not convert; cast it in the SQL`)
    default:
      return undefined
  }
}

function objects<Row>({ columnNames, columnTypes, rows }: SqlResultSet): Row[] {
  const converters = columnNames.map((name, i) => converterOf(columnTypes[i]!, name))
  return rows.map((values) => {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < columnNames.length; i++) {
      const value = values[i]
      const convert = converters[i]
      row[columnNames[i]!] = value === null || value === undefined || !convert ? (value ?? null) : convert(value)
    }
    return row as Row
  })
}
