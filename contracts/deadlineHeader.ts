/**
 * Deadline propagation between the gateway and the subgraphs. The gateway sends each fetch the
 * milliseconds it has left — relative, not an epoch, so the hosts' clocks need not agree.
 */
export const SUBGRAPH_DEADLINE_HEADER = 'x-deadline-ms'

export type ParsedDeadline = { ok: true; ms: number } | { ok: false; message: string }

/** x-deadline-ms as a subgraph reads it: an integer, possibly ≤ 0 when the time is already up. */
export function parseSubgraphDeadline(value: string): ParsedDeadline {
  if (!/^-?\d{1,10}$/.test(value.trim()))
    return {
      ok: false,
      message: `Header ${SUBGRAPH_DEADLINE_HEADER} must be an integer number of milliseconds; got "${value.slice(0, 32)}".`,
    }
  return { ok: true, ms: Number(value) }
}
