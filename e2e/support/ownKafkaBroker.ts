import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { freePortBlock } from '../../test/support/freePorts'

/**
 * A Kafka broker of the suite's own (scripts/services/kafka.sh on free ports and a data folder of
 * its own), for suites that stop the broker: an outage there harms nobody else's broker. Its data
 * survives stop() and start(), as a real broker's restart keeps topics and committed offsets.
 */
export interface OwnKafkaBroker {
  /** Bootstrap address (KAFKA_BROKERS). */
  brokers: string
  stop(): void
  start(): void
  /** Whether anything accepts connections on its port (false once it is really stopped). */
  reachable(): Promise<boolean>
  /** Stops it and deletes its data. */
  remove(): void
}

const root = path.join(__dirname, '..', '..')
const kafkaScript = path.join(root, 'scripts', 'services', 'kafka.sh')

export async function startOwnKafkaBroker(name: string): Promise<OwnKafkaBroker> {
  const port = await freePortBlock(2)
  const env = {
    KAFKA_DIR: path.join(root, '.tmp', `${name}-${port}`),
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(port + 1),
  }
  const kafka = (...args: string[]) =>
    execFileSync('bash', [kafkaScript, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    }).trim()
  const brokers = kafka().split('\n').at(-1)!
  return {
    brokers,
    stop: () => void kafka('stop'),
    start: () => void kafka(),
    reachable: () =>
      new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)))
        socket.on('error', () => resolve(false))
      }),
    remove: () => {
      kafka('stop')
      fs.rmSync(env.KAFKA_DIR, { recursive: true, force: true })
    },
  }
}
