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

const KEEP_ALIVE_MS = 5000

async function burstDuringShutdown(close: (server: http.Server) => Promise<void>) {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('{"data":{}}'))
  })
  const running = await listen(server, 0, '127.0.0.1', KEEP_ALIVE_MS)
  const pool = new Pool(running.url, { connections: 20 })
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
  const { counts, closeMs } = await burstDuringShutdown((server) =>
    closeGracefully(server, { graceMs: 10_000, idleCloseAfterMs: KEEP_ALIVE_MS }),
  )
  console.log(`graceful close: ${JSON.stringify(counts)}, closed after ${Math.round(closeMs)} ms`)
  expect(counts).toEqual({ answered: 20 })
  // The client drops an idle socket 2 s before the hint runs out; the server closes none itself.
  expect(closeMs).toBeLessThan(KEEP_ALIVE_MS)
})

it('cuts the close short at the grace, whatever is still open', async () => {
  const { closeMs } = await burstDuringShutdown((server) =>
    closeGracefully(server, { graceMs: 500, idleCloseAfterMs: 500 }),
  )
  expect(closeMs).toBeLessThan(2000)
})
