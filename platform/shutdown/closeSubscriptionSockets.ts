import type { WebSocketServer } from 'ws'

/** How long clients get to answer the close frame; one that has not answered by then is gone. */
export const CLOSE_HANDSHAKE_MS = 2000

/**
 * Ends every graphql-ws connection of a server that is going down. graphql-ws's dispose sends each
 * socket close code 1001 "Going away" (RFC 6455 §7.4.1: "a server going down"), which graphql-ws
 * clients and browsers treat as retryable, so they reconnect — to another instance, since this
 * one's readiness is already false. (1012 "Service Restart" is only in IANA's registry, not in
 * RFC 6455, and promises the same server back, which a scale-down does not.) It then waits for
 * every client to answer the close frame, which a dead peer never does (ws would wait 30 s), so
 * after a short handshake bound, or when the shutdown is cut short, the remaining sockets are
 * terminated.
 */
export async function closeSubscriptionSockets(
  wss: WebSocketServer,
  dispose: () => void | Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const terminateRest = () => {
    for (const socket of wss.clients) socket.terminate()
  }
  const timer = setTimeout(terminateRest, CLOSE_HANDSHAKE_MS)
  signal?.addEventListener('abort', terminateRest, { once: true })
  try {
    await dispose()
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', terminateRest)
  }
}
