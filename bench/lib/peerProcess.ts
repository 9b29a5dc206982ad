import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A peer gateway as a child process (bench/lib/peers.ts configures it): started with its output in
 * its run folder, awaited until it answers GraphQL, stopped — and killed if the benchmark exits
 * without stopping it.
 */
const READY_TIMEOUT_MS = 90_000
const STOP_TIMEOUT_MS = 10_000

/** What a peer's preparation hands over to be run. */
export interface PeerLaunch {
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
}

/** Peers still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export function spawnPeer(launch: PeerLaunch, runDir: string): ChildProcess {
  const log = fs.openSync(path.join(runDir, 'output.log'), 'a')
  try {
    const child = spawn(launch.command, launch.args, { cwd: runDir, env: launch.env, stdio: ['ignore', log, log] })
    running.add(child)
    child.once('exit', () => running.delete(child))
    return child
  } finally {
    fs.closeSync(log)
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function tailOf(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

/** Polls `{ __typename }` (answered without any subgraph) until the peer answers it. */
export async function waitForGraphql(name: string, child: ChildProcess, url: string, logFile: string): Promise<void> {
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))
  let failure: Error | undefined
  void spawnError.then((error) => (failure = error))
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (failure) throw new Error(`${name} could not be started: ${failure.message}`)
    if (exited(child))
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before answering at ${url}; its output:\n${tailOf(logFile)}`,
      )
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: AbortSignal.timeout(2000),
      })
      const body = (await response.json()) as { data?: { __typename?: string } }
      if (response.ok && body.data?.__typename === 'Query') return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(
    `${name} did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s; its output:\n${tailOf(logFile)}`,
  )
}

/** SIGTERM, then SIGKILL if the peer is still there after STOP_TIMEOUT_MS. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await gone
  clearTimeout(timer)
}
