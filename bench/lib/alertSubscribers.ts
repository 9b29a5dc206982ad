import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import cliProgress from 'cli-progress'
import type { FromSubscribers, SubscriberOrders, ToSubscribers } from './subscriberProcess'

/** Clients per subscriber process: 10,000 subscribers are four processes. */
const PER_PROCESS = Number(process.env.BENCH_SUBSCRIBERS_PER_PROCESS ?? 2500)

/**
 * N graphql-ws subscribers spread over several processes; resolves once every one is connected.
 * `finish` hands them the accept times of the submissions and gathers each frame's latency.
 */
export async function openSubscribers(orders: Omit<SubscriberOrders, 'count'>, total: number) {
  const children: ChildProcess[] = []
  const connected: number[] = []
  const frames: number[] = []
  const gone = new Set<ChildProcess>()
  let finishing = false
  const bar = new cliProgress.SingleBar(
    { format: `  connecting subscribers [{bar}] {value}/{total}`, noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.legacy,
  )
  bar.start(total, 0)
  await Promise.all(
    Array.from({ length: Math.ceil(total / PER_PROCESS) }, (_, i) => {
      const count = Math.min(PER_PROCESS, total - i * PER_PROCESS)
      const child = fork(path.join(__dirname, 'subscriberProcess.ts'), {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, SUBSCRIBER_ORDERS: JSON.stringify({ ...orders, count }) },
      })
      children.push(child)
      return new Promise<void>((resolve, reject) => {
        child.on('message', (message: FromSubscribers) => {
          if (message.kind === 'frames') frames[i] = message.count
          if (message.kind !== 'connected') return
          connected[i] = message.count
          bar.update(connected.reduce((a, b) => a + (b ?? 0), 0))
          if (message.count === count) resolve()
        })
        child.once('exit', (code, signal) => {
          // An exit before `finish` loses that process's subscribers: say so, never wait for it.
          if (!finishing)
            console.error(
              `subscriber process ${i + 1} exited early (${code ?? signal}) with ${connected[i] ?? 0} subscribers`,
            )
          gone.add(child)
          reject(new Error(`subscriber process exited (${code ?? signal}) while connecting`))
        })
      })
    }),
  )
  bar.stop()
  return {
    /** Alert frames received so far, all processes together. */
    framesSoFar: () => frames.reduce((a, b) => a + (b ?? 0), 0),
    async finish(accepted: Record<string, number>) {
      finishing = true
      const answers = await Promise.all(
        children
          .filter((child) => !gone.has(child))
          .map(
            (child) =>
              new Promise<Extract<FromSubscribers, { kind: 'latencies' }> | undefined>((resolve) => {
                child.on('message', (message: FromSubscribers) => message.kind === 'latencies' && resolve(message))
                child.once('exit', () => resolve(undefined))
                child.send({ kind: 'finish', accepted } satisfies ToSubscribers)
              }),
          ),
      )
      const answered = answers.filter((a) => a !== undefined)
      return {
        latencies: answered.flatMap((a) => a.latencies).sort((a, b) => a - b),
        spreads: answered.flatMap((a) => a.spreads).sort((a, b) => a - b),
        frames: answered.reduce((n, a) => n + a.frames, 0),
        errors: answered.reduce((n, a) => n + a.errors, 0),
        processesLost: children.length - answered.length,
      }
    },
  }
}
