import fs from 'node:fs'
import http from 'node:http'
import autocannon from 'autocannon'
import type { LoadSpec, ReplayNode, SessionDriver } from './loadSpec'
import { fetchesOf, planReplayer } from './planReplay'
import { formSaveDriver } from './formSaves'
import { peerAssertionHeaders, signAssertions, subgraphAssertionHeader } from './benchAssertions'
import { pacedWindow } from './pacedWindow'
import { emptyWindow, recordErrors, recordLatency, recordPacedAnswer, windowResult, type Window } from './loadWindow'

/**
 * Runs in its own process (so the load generator's CPU is not the gateway's): a closed loop of
 * `connections` clients for a warm-up and then a measured window; prints `MEASURE_START` when the
 * measured window begins, `TICK <requests>` every second, and the result as `RESULT <json>`.
 * GraphQL requests go through autocannon, or at a rate through pacedWindow; the floor replays
 * recorded subgraph fetches; stateful clients (sessions) run their own closed loop.
 */
let accepted = 0
const acceptedIds: string[] = []
/**
 * The next variable set to send, counted across the warm-up and the measured window: the window
 * goes on where the warm-up stopped. Restarting at 0 made the surge's window re-send every entry
 * of the warm-up first — retries, answered from the first outcome — instead of first entries.
 */
let nextVariables = 0

/** Fresh gateway assertions per subgraph (they live 60 s), refreshed in the background. */
async function assertionTokens(spec: LoadSpec, subgraphs: string[]): Promise<() => Record<string, string>> {
  const { assertion } = spec
  if (!assertion) return () => ({})
  let tokens = await signAssertions(assertion, subgraphs)
  setInterval(async () => {
    tokens = await signAssertions(assertion, subgraphs)
  }, 20_000).unref()
  return () => tokens
}

/** A GraphQL answer's errors, and whether it was an accepted write (with its id kept). */
function recordAnswer(spec: NonNullable<LoadSpec['graphql']>, body: string, window: Window): void {
  recordErrors(body, window)
  if (spec.acceptedMarker && body.includes(spec.acceptedMarker)) {
    accepted += 1
    const id = /"id":"([^"]+)"/.exec(body)?.[1]
    if (id && spec.acceptedIdsFile) acceptedIds.push(id)
  }
}

function nextBody(spec: NonNullable<LoadSpec['graphql']>): string {
  const variables = spec.variables[nextVariables++ % spec.variables.length]
  return JSON.stringify({ query: spec.query, variables })
}

/** The open loop (spec.rate): evenly spaced arrivals, whatever the answers are doing (pacedWindow). */
function openLoopWindow(
  spec: NonNullable<LoadSpec['graphql']> & { rate: number },
  connections: number,
  seconds: number,
  extraHeaders: () => Record<string, string>,
  window: Window,
): Promise<void> {
  return pacedWindow({
    url: spec.url,
    rate: spec.rate,
    seconds,
    connections,
    next: () => ({ headers: { ...spec.headers, ...extraHeaders() }, body: nextBody(spec) }),
    answered: (answer) => {
      if (recordPacedAnswer(window, answer)) recordAnswer(spec, answer.body, window)
    },
  })
}

/** The closed loop: `connections` clients, each sending when its last answer came. */
function autocannonWindow(
  spec: NonNullable<LoadSpec['graphql']>,
  connections: number,
  seconds: number,
  extraHeaders: () => Record<string, string>,
  window: Window,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...spec.headers },
        requests: [
          {
            setupRequest: (request) => {
              return { ...request, headers: { ...request.headers, ...extraHeaders() }, body: nextBody(spec) }
            },
            onResponse: (_status: number, body: string) => recordAnswer(spec, body, window),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error)
        window.errors = result.errors + result.timeouts
        window.non2xx = result.non2xx
        resolve(result)
      },
    )
    instance.on('response', (_client, status, _bytes, responseTime) => recordLatency(window, status, responseTime))
  })
}

async function replayWindow(
  plans: ReplayNode[],
  connections: number,
  seconds: number,
  headersFor: (s: string) => Record<string, string>,
  window: Window,
) {
  const replayer = planReplayer(headersFor)
  const end = performance.now() + seconds * 1000
  let next = 0
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const started = performance.now()
        const outcome = await replayer.replay(plans[next++ % plans.length]!)
        recordLatency(window, outcome.ok ? '200' : 'non-2xx', performance.now() - started)
        if (!outcome.ok) window.non2xx += 1
        if (outcome.graphqlErrors) window.graphqlErrors += 1
      }
    }),
  )
  replayer.close()
}

const SESSION_DRIVERS: Record<NonNullable<LoadSpec['sessions']>['driver'], SessionDriver<never>> = {
  formSave: formSaveDriver as SessionDriver<never>,
}
// Kept across the warm-up and the measured window, like a client's connections.
const sessionAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity })

function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent: sessionAgent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (c: Buffer) => chunks.push(c))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** One closed-loop client per session state; a client's last request is awaited when the window closes. */
async function sessionWindow(
  spec: NonNullable<LoadSpec['sessions']>,
  seconds: number,
  extraHeaders: () => Record<string, string>,
  window: Window,
) {
  const driver = SESSION_DRIVERS[spec.driver]
  const end = performance.now() + seconds * 1000
  await Promise.all(
    spec.states.map(async (state) => {
      while (performance.now() < end) {
        const request = driver.next(state as never)
        const started = performance.now()
        let response: { status: number; body: string }
        try {
          response = await post(spec.url, { ...spec.headers, ...extraHeaders() }, request.body)
        } catch {
          window.errors += 1
          continue
        }
        recordLatency(window, response.status, performance.now() - started)
        if (response.status !== 200) window.non2xx += 1
        recordErrors(response.body, window)
        if (request.answered(response.body)) accepted += 1
      }
    }),
  )
}

async function measure(spec: LoadSpec, seconds: number, tokens: () => Record<string, string>): Promise<Window> {
  const headersFor = (subgraph: string) => subgraphAssertionHeader(tokens(), subgraph)
  const window = emptyWindow()
  const ticker = setInterval(() => process.stdout.write(`TICK ${window.latencies.length}\n`), 1000)
  if (spec.graphql) {
    const audience = spec.graphql.subgraph
    const extraHeaders = spec.assertion?.clientHeadersFor
      ? () => peerAssertionHeaders(tokens())
      : () => (audience ? headersFor(audience) : {})
    const { rate } = spec.graphql
    if (rate) await openLoopWindow({ ...spec.graphql, rate }, spec.connections, seconds, extraHeaders, window)
    else await autocannonWindow(spec.graphql, spec.connections, seconds, extraHeaders, window)
  } else if (spec.sessions) {
    const audience = spec.sessions.subgraph
    await sessionWindow(spec.sessions, seconds, () => (audience ? headersFor(audience) : {}), window)
  } else await replayWindow(spec.replay!.plans, spec.connections, seconds, headersFor, window)
  clearInterval(ticker)
  return window
}

// The benchmark that started this process has gone (Ctrl-C): stop loading, quietly.
process.stdout.on('error', () => process.exit(1))

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec
  const audience = spec.graphql ?? spec.sessions
  const subgraphs =
    spec.assertion?.clientHeadersFor ??
    (audience ? [audience.subgraph ?? ''] : [...new Set(spec.replay!.plans.flatMap(fetchesOf).map((f) => f.subgraph))])
  const tokens = await assertionTokens(spec, subgraphs)
  if (spec.warmupSeconds > 0) await measure(spec, spec.warmupSeconds, tokens)
  process.stdout.write(`MEASURE_START\n`)
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const window = await measure(spec, spec.durationSeconds, tokens)
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  if (spec.graphql?.acceptedIdsFile) fs.writeFileSync(spec.graphql.acceptedIdsFile, acceptedIds.join('\n'))
  if (spec.sessions) fs.writeFileSync(spec.sessions.stateFile, JSON.stringify(spec.sessions.states))
  const result = windowResult(window, { seconds, accepted, cpu })
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
