// Hive Gateway 2.15 config (benchmark baseline only). bench/lib/peers.ts copies it
// to .tmp/peers/hive-gateway/run-<port>/gateway.config.mjs, where the gateway's own
// node_modules resolve, and starts `hive-gateway supergraph <sdl> --config-path <this file>`
// with the port on the command line and a copy of our supergraph whose
// @join__graph URLs point at the run's subgraphs.
import { unifiedGraphHandler } from '@graphql-hive/router-runtime'

/** The gateway assertion header our subgraphs check. */
const ASSERTION_HEADER = 'x-gateway-assertion'

export const gatewayConfig = {
  // Plan with the Rust query planner (the same one Hive Router uses).
  unifiedGraphHandler,
  landingPage: false,
  graphiql: false,
  logging: 'warn',
  // Identical in-flight subgraph requests are sent once (Hive Gateway's default); the benchmark
  // can switch it off (BENCH_PEER_DEDUPE=off, passed on as PEER_DEDUPE).
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: process.env.PEER_DEDUPE !== 'off' } },
  },
  propagateHeaders: {
    // The client sends one assertion per subgraph (x-assertion-<name>); each
    // subgraph gets its own, renamed to the header it checks.
    fromClientToSubgraphs({ request, subgraphName }) {
      const headers = {}
      const assertion = request.headers.get(`x-assertion-${subgraphName}`)
      if (assertion) headers[ASSERTION_HEADER] = assertion
      const requestId = request.headers.get('x-request-id')
      if (requestId) headers['x-request-id'] = requestId
      return headers
    },
  },
}
