import { SUBGRAPHS } from '../../scripts/run/supergraphProcesses'

const OPERATIONS_SERVED = 'graphql_operation_duration_seconds_count'

/**
 * GraphQL requests each subgraph has answered so far, from its own /metrics (every operation is
 * counted there, whoever sent it): between two snapshots, how many fetches a gateway sent to each
 * subgraph. A gateway's plan shows in this count — two targets with the same SQL statements per
 * request can still differ in how many HTTP requests, each with its fixed cost, carry them.
 */
export async function subgraphFetchCounts(subgraphUrls: Record<string, string>): Promise<Record<string, number>> {
  const counts = await Promise.all(
    SUBGRAPHS.map(async (name) => {
      const url = new URL('/metrics', subgraphUrls[`${name.toUpperCase()}_SUBGRAPH_URL`]!)
      return [name, operationsServed(await (await fetch(url)).text())] as const
    }),
  )
  return Object.fromEntries(counts)
}

/** The operations a /metrics text says were served, summed over every label (operation, outcome). */
export function operationsServed(metricsText: string): number {
  let served = 0
  for (const line of metricsText.split('\n'))
    if (line.startsWith(`${OPERATIONS_SERVED}{`)) served += Number(line.slice(line.lastIndexOf(' ') + 1))
  return served
}

/** Fetches per request to each subgraph between two snapshots. */
export const fetchesBetween = (before: Record<string, number>, after: Record<string, number>, requests: number) =>
  Object.fromEntries(Object.keys(after).map((name) => [name, (after[name]! - (before[name] ?? 0)) / requests]))
