import fs from 'node:fs'
import autocannon from 'autocannon'

/**
 * Runs in its own process (so the load generator's CPU is not the gateway's): POSTs GraphQL
 * requests built from a list of variable sets, round-robin, for a warm-up and then a measured
 * window, and prints the measured result as JSON on stdout.
 */
interface LoadSpec {
  url: string
  query: string
  variables: Record<string, unknown>[]
  connections: number
  warmupSeconds: number
  durationSeconds: number
  /** Extra request headers (e.g. the bearer token; a gateway assertion when calling a subgraph directly). */
  headers?: Record<string, string>
  /** Counts responses containing this text (e.g. `"created":true` for accepted submissions). */
  acceptedMarker?: string
  /** With acceptedMarker: where to write the first `"id"` of each accepted response, one per line. */
  acceptedIdsFile?: string
}

/** Responses that were HTTP 200 but carried GraphQL errors (e.g. a deadline that fired). */
let graphqlErrors = 0
/** Responses containing the spec's acceptedMarker, warm-up included (rows it must have written). */
let accepted = 0
const acceptedIds: string[] = []

function run(spec: LoadSpec, seconds: number): Promise<autocannon.Result> {
  let next = 0
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        method: 'POST',
        connections: spec.connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...spec.headers },
        requests: [
          {
            setupRequest: (request) => {
              const variables = spec.variables[next++ % spec.variables.length]
              return { ...request, body: JSON.stringify({ query: spec.query, variables }) }
            },
            onResponse: (_status: number, body: string) => {
              if (body.includes('"errors"')) graphqlErrors += 1
              if (spec.acceptedMarker && body.includes(spec.acceptedMarker)) {
                accepted += 1
                const id = /"id":"([^"]+)"/.exec(body)?.[1]
                if (id && spec.acceptedIdsFile) acceptedIds.push(id)
              }
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds)
  process.stdout.write(`MEASURE_START\n`)
  graphqlErrors = 0
  const result = await run(spec, spec.durationSeconds)
  if (spec.acceptedIdsFile) fs.writeFileSync(spec.acceptedIdsFile, acceptedIds.join('\n'))
  process.stdout.write(`RESULT ${JSON.stringify({ requests: result.requests.total, rps: result.requests.average, latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, mean: result.latency.average }, errors: result.errors + result.timeouts, non2xx: result.non2xx, graphqlErrors, accepted, durationSeconds: result.duration })}\n`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
