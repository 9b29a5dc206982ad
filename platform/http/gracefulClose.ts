import net from 'node:net'
import type http from 'node:http'

/**
 * Closes an HTTP server without racing its clients where they let it. It stops accepting
 * connections and lets every open one end from the client's side: after its response (each
 * carries `Connection: close` while draining, drainState.ts), or when the client drops it idle — a
 * client honouring the server's `Keep-Alive: timeout` hint (undici, the gateway's pool) drops an
 * idle socket a second before the server would. Idle sockets still open after `idleCloseAfterMs`
 * are closed by the server, and whatever is open after `graceMs` (or when `signal` fires) is
 * destroyed.
 *
 * Node's http.Server#close (since 19) closes idle keep-alive sockets at once: a client writing its
 * next request on one at that moment gets ECONNRESET or "other side closed", and cannot tell
 * whether the request was processed (measured: 0–14 such resets per shutdown under a steady load
 * of 20 connections). So the listener is closed with net.Server's close, which http.Server's
 * wraps; http.Server's own close runs at the end, to clear its timers.
 */
export async function closeGracefully(
  server: http.Server,
  options: { graceMs: number; idleCloseAfterMs: number; signal?: AbortSignal },
): Promise<void> {
  const allClosed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()))
  const timers: NodeJS.Timeout[] = []
  const cut = new Promise<void>((resolve) => {
    timers.push(setTimeout(resolve, options.graceMs))
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  timers.push(setTimeout(() => server.closeIdleConnections(), Math.min(options.idleCloseAfterMs, options.graceMs)))
  await Promise.race([allClosed, cut])
  for (const timer of timers) clearTimeout(timer)
  server.closeAllConnections()
  server.close(() => {})
}
