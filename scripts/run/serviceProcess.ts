import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import { PROJECT_ROOT } from '../../platform/projectFiles'
import { builtEntry } from './serverEntries'

/**
 * One server of the supergraph running as a child process (`npm start` and the end-to-end tests
 * run the same entry points as production, from the same build: serverBuild.ts), with its output
 * prefixed by its name.
 */
export interface ServiceSpec {
  name: string
  /** Entry file relative to the repository root, e.g. subgraphs/patients/main.ts. */
  entry: string
  env: NodeJS.ProcessEnv
  /** Base URL whose /ready answers 200 when the service can serve. */
  baseUrl: string
}

export interface ServiceProcess {
  spec: ServiceSpec
  child: ChildProcess
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>
}

const COLORS = [36, 33, 35, 32, 34, 31]

export interface ServiceProcessOptions {
  output?: 'prefixed' | 'silent' | 'capture'
  colorIndex?: number
  /**
   * Its own process group, so a terminal's Ctrl-C reaches only the supervisor (npm start), which
   * then sends the one SIGTERM: a server takes a second signal as "force the exit now", which
   * would cut its shutdown short (and leave PGlite's data directory unclosed).
   */
  ownProcessGroup?: boolean
}

/** Longer than a server's own shutdown bound (SHUTDOWN_TIMEOUT_MS, 10 s), which it reports itself. */
const DEFAULT_STOP_GRACE_MS = 15_000

export function startServiceProcess(
  spec: ServiceSpec,
  options: ServiceProcessOptions = {},
): ServiceProcess & { output: string[] } {
  const child = spawn(process.execPath, ['--enable-source-maps', builtEntry(spec.entry)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  })
  if (options.ownProcessGroup) {
    // Out of the terminal's reach, it must not outlive a supervisor that dies without stopping it.
    process.once('exit', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    })
  }
  const output: string[] = []
  const mode = options.output ?? 'prefixed'
  const color = COLORS[(options.colorIndex ?? 0) % COLORS.length]
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${spec.name.padEnd(8)}\x1b[0m │ ` : `${spec.name.padEnd(8)} │ `
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      if (mode === 'prefixed') process.stdout.write(prefix + line + '\n')
      else if (mode === 'capture') output.push(line)
    })
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    spec,
    child,
    output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = DEFAULT_STOP_GRACE_MS) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
