import type { Identity } from '../../contracts/identity'

/** What the load-generator process is asked to do (handed over as a JSON file). */
export interface LoadSpec {
  /** Closed loop: this many clients, each sending its next request when the last one answered. */
  connections: number
  warmupSeconds: number
  durationSeconds: number
  /** GraphQL POSTs driven by autocannon: one operation, variable sets round-robin. */
  graphql?: {
    url: string
    /** Set when the URL is a subgraph's (the assertion's audience). */
    subgraph?: string
    query: string
    variables: Record<string, unknown>[]
    headers?: Record<string, string>
    /** Counts responses containing this text (e.g. `"created":true` for accepted submissions). */
    acceptedMarker?: string
    /** With acceptedMarker: where to write the first `"id"` of each accepted response, one per line. */
    acceptedIdsFile?: string
    /**
     * Offered load in requests per second: an open loop of evenly spaced arrivals over up to
     * `connections` sockets (pacedWindow) — requests keep coming however slowly they are answered.
     */
    rate?: number
  }
  /**
   * Clients with state of their own, for writes that must name what they read (a form's version):
   * client i drives `states[i]` through the driver (one client per state; `connections` is not
   * used), over keep-alive sockets, awaiting every answer — none is lost when a window closes.
   */
  sessions?: {
    driver: 'formSave'
    url: string
    /** Set when the URL is a subgraph's (the assertion's audience). */
    subgraph?: string
    headers?: Record<string, string>
    states: unknown[]
    /** Where the states go after the measured window (what each client had acknowledged, for checks). */
    stateFile: string
  }
  /** The floor: recorded subgraph fetches replayed in the query plan's order (see queryPlanRecording). */
  replay?: { plans: ReplayNode[] }
  /**
   * Playing the gateway: every request carries a fresh assertion for this identity, per subgraph.
   * With `clientHeadersFor` (a peer gateway under test), every request carries one for each of
   * those subgraphs, as `x-assertion-<subgraph>`, which the peer forwards to that subgraph alone
   * renamed `x-gateway-assertion` (scripts/peers/).
   */
  assertion?: { secret: string; identity: Identity; clientHeadersFor?: string[] }
}

/** How a stateful client makes its next request, and what the answer does to its state. */
export interface SessionDriver<State> {
  /** The next request's body; `answered` takes the response body and says whether it was accepted. */
  next(state: State): { body: string; answered(body: string): boolean }
}

/** A query plan with each fetch replaced by the request the gateway sent for it. */
export type ReplayNode =
  | { kind: 'Sequence' | 'Parallel'; nodes: ReplayNode[] }
  | { kind: 'Fetch'; subgraph: string; url: string; body: string }

/** What one measured window produced (latencies in ms). */
export interface LoadResult {
  requests: number
  rps: number
  latency: { p50: number; p95: number; p99: number; mean: number; max: number }
  /** Socket errors and timeouts. */
  errors: number
  non2xx: number
  /** 200 responses carrying GraphQL errors (a deadline that fired under load shows up here). */
  graphqlErrors: number
  /** The first GraphQL error seen in the window (so a table full of them says what they are). */
  firstGraphqlError?: string
  /**
   * Responses carrying each error code, `circuit-open` for a breaker's fast failure (query
   * scenarios; complete responses are requests − graphqlErrors).
   */
  errorCodes?: Record<string, number>
  /** Responses with the spec's acceptedMarker, warm-up included. */
  accepted: number
  /** Latency by HTTP status (e.g. answers 200 against refusals 503), over the measured window. */
  latencyByStatus: Record<string, { count: number; p50: number; p99: number; max: number }>
  /**
   * Open loop only (spec.rate): where a latency counted from the due time may have been spent
   * before the server saw the request — the generator sending late (its event loop behind the
   * schedule: p50, p99, max ms) and requests that found every socket busy and waited in the pool.
   */
  openLoop?: {
    sendLateness: { p50: number; p99: number; max: number }
    queuedForSocket: number
    /**
     * Refusals (503) by who refused: `gateway` (its own shedder, before any work) or a subgraph
     * whose refusal the gateway passed on (epro's shedder, after the gateway had admitted it).
     */
    refusedBy: Record<string, { count: number; p50: number; p99: number; max: number }>
  }
  /** The load generator's own CPU time per request (it shares the cores with the servers). */
  loadGeneratorCpuMsPerRequest: number
  durationSeconds: number
}
