import net from 'node:net'

/**
 * Counts the SQL statements a subgraph runs, from outside the subgraph: a TCP relay between the
 * subgraph and Postgres that reads the frontend protocol (PostgreSQL docs, "Message Formats") and
 * counts every Execute (extended protocol: what pg sends for a parameterised query, and what Prisma's
 * pg adapter uses) and every simple Query. pg_stat_statements would do this inside Postgres but needs
 * `shared_preload_libraries` and a server restart, and the shared test server runs other people's
 * suites; a relay per subgraph also separates the subgraphs without any change to their code.
 */
export interface StatementCounts {
  total: number
  /** By first keyword: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ... */
  byKind: Record<string, number>
  /** By statement text (parameterised, so the same query counts as one text); bounded. */
  byText: Record<string, number>
}

const MAX_TEXTS = 300
const SSL_REQUEST = 80877103
const GSS_REQUEST = 80877104
const CANCEL_REQUEST = 80877102

export interface SqlStatementCounter {
  /** Where the subgraph connects instead of Postgres. */
  port: number
  snapshot(): StatementCounts
  close(): Promise<void>
}

export async function startSqlStatementCounter(postgres: { host: string; port: number }): Promise<SqlStatementCounter> {
  const counts: StatementCounts = { total: 0, byKind: {}, byText: {} }
  const count = (text: string) => {
    counts.total += 1
    const kind = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?'
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1
    const key = text.replace(/\s+/g, ' ').trim()
    if (key in counts.byText || Object.keys(counts.byText).length < MAX_TEXTS)
      counts.byText[key] = (counts.byText[key] ?? 0) + 1
  }
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(postgres.port, postgres.host)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => (s === client ? upstream : client).destroy())
    }
    const reader = frontendReader(count)
    client.on('data', reader)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    snapshot: () => structuredClone(counts),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Statements counted between two snapshots. */
export function countsBetween(before: StatementCounts, after: StatementCounts): StatementCounts {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]) => [k, v - (b[k] ?? 0)])
        .filter(([, v]) => (v as number) > 0),
    )
  return {
    total: after.total - before.total,
    byKind: minus(after.byKind, before.byKind),
    byText: minus(after.byText, before.byText),
  }
}

/**
 * One connection's client→server byte stream, split into messages. Before the startup message the
 * messages have no type byte (SSL/GSS requests, which the server declines with one byte, and cancel
 * requests); after it every message is a type byte and an int32 length that counts itself.
 */
function frontendReader(count: (text: string) => void) {
  let pending: Buffer = Buffer.alloc(0)
  let started = false
  const statements = new Map<string, string>() // prepared statement name → text
  const portals = new Map<string, string>() // portal name → statement name
  const cstring = (buf: Buffer, at: number) => {
    const end = buf.indexOf(0, at)
    return { value: buf.toString('utf8', at, end), next: end + 1 }
  }
  return (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    for (;;) {
      if (!started) {
        if (pending.length < 8) return
        const length = pending.readInt32BE(0)
        if (pending.length < length) return
        const code = pending.readInt32BE(4)
        if (code !== SSL_REQUEST && code !== GSS_REQUEST && code !== CANCEL_REQUEST) started = true
        pending = pending.subarray(length)
        continue
      }
      if (pending.length < 5) return
      const length = pending.readInt32BE(1)
      if (pending.length < length + 1) return
      const type = String.fromCharCode(pending[0]!)
      const body = pending.subarray(5, length + 1)
      pending = pending.subarray(length + 1)
      if (type === 'Q') count(cstring(body, 0).value)
      else if (type === 'P') {
        const name = cstring(body, 0)
        statements.set(name.value, cstring(body, name.next).value)
      } else if (type === 'B') {
        const portal = cstring(body, 0)
        portals.set(portal.value, cstring(body, portal.next).value)
      } else if (type === 'E') count(statements.get(portals.get(cstring(body, 0).value) ?? '') ?? '?')
    }
  }
}
