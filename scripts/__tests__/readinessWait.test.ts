import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { waitUntilReady } from '../run/readinessWait'
import type { BootProgress } from '../../contracts/bootProgress'

// The start-up wait of npm start and the end-to-end tests, against a real HTTP server playing a
// booting subgraph: it waits as long as the reported progress moves, however long that takes, and
// gives up (saying where the server stood) once it stops moving for the stall bound. Its progress
// moves with each request it answers, not with the clock: a test process descheduled for a moment
// (a loaded CI machine) delays both sides alike instead of looking like a stall. The bound is long
// enough that its probes (each given half of it) are not cut short by such a moment either.
const STALL_MS = 2000
const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve).closeAllConnections())))
})

/** A server whose /ready answers what `answer` says, asked afresh on every request. */
async function serve(answer: () => { status: number; body: unknown }) {
  const server = http.createServer((_req, res) => {
    const { status, body } = answer()
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const running = new Promise<number | null>(() => {})
const target = (baseUrl: string, exited = running) => ({ spec: { name: 'labs', baseUrl }, exited })
const seeding = (done: number): BootProgress => ({ status: 'seeding', activity: 'lab results', done, total: 100 })

it('waits as long as the progress moves, well past the stall bound', async () => {
  const started = Date.now()
  let step = 0
  const baseUrl = await serve(() =>
    Date.now() - started > 4 * STALL_MS
      ? { status: 200, body: { status: 'ready' } }
      : { status: 503, body: seeding((step += 1)) },
  )
  const seen: BootProgress[] = []
  await waitUntilReady(target(baseUrl), { stallTimeoutMs: STALL_MS, pollMs: 20, onProgress: (p) => seen.push(p) })
  expect(Date.now() - started).toBeGreaterThan(4 * STALL_MS)
  expect(seen.length).toBeGreaterThan(5)
  expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a! - b!))
})

it('fails once the progress stops moving for the stall bound, saying where it stood', async () => {
  let step = 0
  let lastMovedAt = 0
  const baseUrl = await serve(() => {
    if (step < 30) {
      step += 1
      lastMovedAt = Date.now()
    }
    return { status: 503, body: seeding(step) }
  })
  await expect(waitUntilReady(target(baseUrl), { stallTimeoutMs: STALL_MS, pollMs: 20 })).rejects.toThrow(
    /^labs made no progress for \d+ s \(still seeding lab results 30\/100\): it looks stuck/,
  )
  // 30 steps moved, then the bound ran from the last one.
  expect(step).toBe(30)
  expect(Date.now() - lastMovedAt).toBeGreaterThanOrEqual(STALL_MS)
})

it('counts a server answering 503 without progress (e.g. its database is down) as stuck', async () => {
  const baseUrl = await serve(() => ({ status: 503, body: { status: 'unavailable', reason: 'connection refused' } }))
  await expect(waitUntilReady(target(baseUrl), { stallTimeoutMs: STALL_MS, pollMs: 20 })).rejects.toThrow(
    /^labs did not answer .*\/ready for \d+ s after it was started: it looks stuck/,
  )
})

it('fails when nothing listens for the stall bound', async () => {
  const baseUrl = await serve(() => ({ status: 200, body: {} }))
  await new Promise((resolve) => servers.pop()!.close(resolve))
  const started = Date.now()
  await expect(waitUntilReady(target(baseUrl), { stallTimeoutMs: STALL_MS, pollMs: 20 })).rejects.toThrow(
    /did not answer/,
  )
  expect(Date.now() - started).toBeGreaterThanOrEqual(STALL_MS)
})

it('fails at once when the process exits', async () => {
  const baseUrl = await serve(() => ({ status: 503, body: seeding(1) }))
  await expect(
    waitUntilReady(target(baseUrl, Promise.resolve(1)), { stallTimeoutMs: 60_000, pollMs: 20 }),
  ).rejects.toThrow('labs exited with code 1 before becoming ready')
})
