/** Called for every SQL statement a subgraph sends, through Prisma or directReads (statement-count tests, benchmarks). */
export type SqlStatementListener = (statement: { query: string; durationMs: number }) => void
