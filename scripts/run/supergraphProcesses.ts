import crypto from 'node:crypto'
import { SUBGRAPH_NAMES, SUBGRAPH_PORTS, type SubgraphName } from '../../subgraph-runtime/config'
import { startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from './serviceProcess'
import { waitUntilReady } from './readinessWait'
import type { BootProgress } from '../../contracts/bootProgress'

export const SUBGRAPHS = SUBGRAPH_NAMES

export interface SupergraphPorts {
  gateway: number
  subgraphs: Record<SubgraphName, number>
}

/**
 * Without a sign of progress for this long a server is taken to be stuck. A server reports
 * progress after every seed batch (a second or two at most); the longest silent stretch is
 * loading its code and opening its database while five processes share the machine's cores.
 */
const DEFAULT_STALL_TIMEOUT_MS = 60_000

const eventFeedUrlsOn = (ports: SupergraphPorts) =>
  Object.fromEntries(
    SUBGRAPHS.map((name) => [`${name.toUpperCase()}_EVENTS_URL`, `http://127.0.0.1:${ports.subgraphs[name]}`]),
  )

export const DEFAULT_PORTS: SupergraphPorts = { gateway: 4000, subgraphs: { ...SUBGRAPH_PORTS } }

export interface SupergraphProcesses {
  /** The shared secret of the gateway's assertions (tests use it to play the gateway). */
  authSecret: string
  gateway: ServiceProcess & { output: string[] }
  subgraphs: Record<SubgraphName, ServiceProcess & { output: string[] }>
  stopAll(): Promise<void>
}

/**
 * Starts every subgraph (in parallel) and then the gateway, each as its own process, and
 * waits until all are ready, for as long as each keeps making progress. `envFor` adds
 * per-subgraph settings (database URLs, seeding).
 */
export async function startSupergraphProcesses(options: {
  ports?: SupergraphPorts
  envFor?: (subgraph: SubgraphName) => NodeJS.ProcessEnv
  gatewayEnv?: NodeJS.ProcessEnv
  output?: ServiceProcessOptions['output']
  ownProcessGroup?: boolean
  /**
   * How long a server may go without progress before start-up is given up (not a bound on the
   * whole start: a subgraph seeding its demo data is waited for as long as its progress moves).
   */
  stallTimeoutMs?: number
  /** Each server's boot progress, as it reports it (npm start prints it). */
  onProgress?: (name: string, progress: BootProgress) => void
  onReady?: (name: string) => void
}): Promise<SupergraphProcesses> {
  const ports = options.ports ?? DEFAULT_PORTS
  // The gateway and the subgraphs share the key of the gateway's assertions; one made per launch
  // when none is configured (npm start, tests), so nothing secret is ever committed.
  const authSecret = process.env.SUBGRAPH_AUTH_SECRET ?? crypto.randomBytes(32).toString('hex')
  const wait = async (service: ServiceProcess) => {
    await waitUntilReady(service, {
      stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
      onProgress: (progress) => options.onProgress?.(service.spec.name, progress),
    })
    options.onReady?.(service.spec.name)
  }
  const started: (ServiceProcess & { output: string[] })[] = []
  // The gateway first, so the operations it is finishing still reach their subgraphs.
  const stopAll = async () => {
    await Promise.all(started.filter((p) => p.spec.name === 'gateway').map((p) => p.stop()))
    await Promise.all(started.filter((p) => p.spec.name !== 'gateway').map((p) => p.stop()))
  }
  try {
    const subgraphs = {} as Record<SubgraphName, ServiceProcess & { output: string[] }>
    SUBGRAPHS.forEach((name, i) => {
      const port = ports.subgraphs[name]
      subgraphs[name] = startServiceProcess(
        {
          name,
          entry: `subgraphs/${name}/main.ts`,
          env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            SUBGRAPH_AUTH_SECRET: authSecret,
            // Where e-signature credentials' keys are published (the EDC and inventory read it), on this run's users port.
            AUTH_JWKS_URL: `http://127.0.0.1:${ports.subgraphs.users}/.well-known/jwks.json`,
            // Where each subgraph's outbox feed is on this run's ports (embedded mode's events between processes).
            ...eventFeedUrlsOn(ports),
            // Where export jobs read the study: this run's gateway (they read like any client).
            EXPORT_GATEWAY_URL: `http://127.0.0.1:${ports.gateway}/graphql`,
            ...options.envFor?.(name),
          },
          baseUrl: `http://127.0.0.1:${port}`,
        },
        { output: options.output, colorIndex: i, ownProcessGroup: options.ownProcessGroup },
      )
      started.push(subgraphs[name])
    })
    await Promise.all(SUBGRAPHS.map((name) => wait(subgraphs[name])))
    const urlOverrides = Object.fromEntries(
      SUBGRAPHS.map((name) => [
        `${name.toUpperCase()}_SUBGRAPH_URL`,
        `http://127.0.0.1:${ports.subgraphs[name]}/graphql`,
      ]),
    )
    const gateway = startServiceProcess(
      {
        name: 'gateway',
        entry: 'gateway/main.ts',
        env: { PORT: String(ports.gateway), SUBGRAPH_AUTH_SECRET: authSecret, ...urlOverrides, ...options.gatewayEnv },
        baseUrl: `http://127.0.0.1:${ports.gateway}`,
      },
      { output: options.output, colorIndex: SUBGRAPHS.length, ownProcessGroup: options.ownProcessGroup },
    )
    started.push(gateway)
    await wait(gateway)
    return { authSecret, gateway, subgraphs, stopAll }
  } catch (error) {
    await stopAll()
    // Newest first: the process that failed is the last one started, and long reports get cut at the end.
    const captured = [...started]
      .reverse()
      .filter((p) => p.output.length)
      .map((p) => `--- ${p.spec.name}\n${p.output.slice(-30).join('\n')}`)
    if (captured.length) (error as Error).message += `\n${captured.join('\n')}`
    throw error
  }
}
