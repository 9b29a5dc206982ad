import http from 'node:http'
import { Pool } from 'undici'
import { listen } from '../httpApp'
import { closeGracefully } from '../gracefulClose'

// A server shutting down keeps its established keep-alive connections until the client drops
// them (it follows the server's Keep-Alive hint, as the gateway's undici pool does with a
// subgraph): requests a client sends on them after the listener closed are still answered, none is
// cut, and the close ends when the client has let go. Node's own close cuts the idle connections at
// once, so the same requests are refused — or, when they race the close, reset.
jest.setTimeout(30_000)

// The server keeps an idle connection 20 s, and with its own cuts that far away a close that ends
// within seconds can only have been the client's doing, however slow the machine.
const KEEP_ALIVE_MS = 20_000
// How long before the Keep-Alive hint runs out the client drops an idle socket. undici's default,
// 2 s, is the gateway pool's (against a subgraph's 5 s hint: dropped after 3 s idle). The first test
// widens it so that its client, too, drops a socket after 3 s idle, now 17 s before the server would.
const UNDICI_MARGIN_MS = 2000
const WIDE_MARGIN_MS = KEEP_ALIVE_MS - 3000

async function burstDuringShutdown(close: (server: http.Server) => Promise<void>, clientMarginMs: number) {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('{"data":{}}'))
  })
  const running = await listen(server, 0, '127.0.0.1', KEEP_ALIVE_MS)
  const pool = new Pool(running.url, { connections: 20, keepAliveTimeoutThreshold: clientMarginMs })
  const send = () =>
    pool.request({ path: '/graphql', method: 'POST', body: '{}' }).then(
      async (response) => (await response.body.text(), 'answered'),
      (error: { code?: string; cause?: { code?: string } }) => error.code ?? error.cause?.code ?? 'failed',
    )
  await Promise.all(Array.from({ length: 20 }, send)) // 20 kept-alive connections, now idle
  await new Promise((resolve) => setTimeout(resolve, 50))
  const started = performance.now()
  const closing = close(server)
  const outcomes = await Promise.all(Array.from({ length: 20 }, send))
  await closing
  const closeMs = performance.now() - started
  await pool.close()
  const counts: Record<string, number> = {}
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1
  return { counts, closeMs }
}

it('answers the requests sent on kept-alive connections after the listener closed, and ends when the client lets go', async () => {
  const { counts, closeMs } = await burstDuringShutdown(
    (server) => closeGracefully(server, { graceMs: 2 * KEEP_ALIVE_MS, idleCloseAfterMs: KEEP_ALIVE_MS }),
    WIDE_MARGIN_MS,
  )
  console.log(`graceful close: ${JSON.stringify(counts)}, closed after ${Math.round(closeMs)} ms`)
  expect(counts).toEqual({ answered: 20 })
  // The client drops its idle sockets after 3 s; the server closes none itself (its first cut, the
  // idle close and its keep-alive timeout, comes at KEEP_ALIVE_MS).
  expect(closeMs).toBeLessThan(KEEP_ALIVE_MS)
})

it('cuts the close short at the grace, whatever is still open', async () => {
  const { closeMs } = await burstDuringShutdown(
    (server) => closeGracefully(server, { graceMs: 500, idleCloseAfterMs: 500 }),
    UNDICI_MARGIN_MS,
  )
  // Long before this client would let go of its idle sockets (KEEP_ALIVE_MS - 2 s).
  expect(closeMs).toBeLessThan(KEEP_ALIVE_MS / 2)
})
