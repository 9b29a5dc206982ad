import http from 'node:http'
import type { Logger } from '../../platform/logging/logger'
import type { BootProgress } from '../../contracts/bootProgress'

/**
 * Answers on the subgraph's port while it boots (opens and migrates its database, seeds the demo
 * data), before the real server can: `/health` 200 (the process is alive: an orchestrator must not
 * restart it half-way through a seed), `/ready` and everything else 503 with what it is doing and
 * how far it got, so a supervisor can tell a long seed from a stuck one. Closed just before the
 * real server listens on the same port.
 */
export interface BootStatusServer {
  report(progress: BootProgress): void
  close(): Promise<void>
}

export async function startBootStatusServer(options: {
  name: string
  port: number
  host: string
  logger: Logger
}): Promise<BootStatusServer> {
  let current: BootProgress = { status: 'starting', activity: 'starting' }
  const server = http.createServer((req, res) => {
    const alive = req.url === '/health'
    res.writeHead(alive ? 200 : 503, { 'content-type': 'application/json', connection: 'close' })
    res.end(JSON.stringify(alive ? { status: 'ok', service: options.name } : { ...current, service: options.name }))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  options.logger.debug({ port: options.port }, 'boot status answering on the subgraph port')
  return {
    report(progress) {
      current = progress
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
