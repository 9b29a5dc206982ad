import fs from 'node:fs'
import path from 'node:path'
import CDP from 'chrome-remote-interface'

/**
 * pprof-style profiling of one server process under load, through Node's inspector:
 * BENCH_PROFILE=<process> (gateway, stock-gateway, a subgraph's name such as patients, or
 * gateway-2, gateway-3... for a scenario's variants of our gateway, numbered in the order the
 * scenario lists them) starts that process with --inspect on BENCH_INSPECTOR_PORT (9329), and
 * every measured window records a CPU profile of it (Profiler domain, only the window: no start-up,
 * no warm-up) and then a heap snapshot (BENCH_PROFILE_HEAP=off skips it), written to
 * bench/results/profiles/ as <scenario>-<target>-<process>.cpuprofile / .heapsnapshot.
 */
const PROFILED = process.env.BENCH_PROFILE
const PORT = Number(process.env.BENCH_INSPECTOR_PORT ?? 9329)
const PROFILE_DIR = path.join(__dirname, '..', 'results', 'profiles')

// A misspelt name would otherwise profile nothing and say nothing: the run ends with a warning.
let profiledStarted = false
if (PROFILED)
  process.on('exit', () => {
    if (!profiledStarted)
      console.warn(`BENCH_PROFILE=${PROFILED}: no process of this run has that name, so nothing was profiled.`)
  })

/** Environment for a process the benchmark starts: the inspector flag if it is the one profiled. */
export function profileEnv(processName: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  if (PROFILED !== processName) return env
  profiledStarted = true
  return {
    ...env,
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${PORT}`.trim(),
  }
}

export interface WindowProfile {
  /** Stops the CPU profile, takes the heap snapshot; returns the files written. */
  stop(): Promise<string[]>
}

/**
 * Starts a CPU profile of the profiled process if it serves this window (`serving`: the target's
 * gateway and the subgraphs; a gateway that sits idle while another is loaded is not profiled).
 */
export async function startWindowProfile(label: string, serving: string[]): Promise<WindowProfile | undefined> {
  if (!PROFILED || !serving.includes(PROFILED)) return undefined
  let client: CDP.Client
  try {
    client = await CDP({ host: '127.0.0.1', port: PORT })
  } catch {
    console.warn(`BENCH_PROFILE=${PROFILED}: no inspector on port ${PORT} (is that process part of this scenario?)`)
    return undefined
  }
  await client.Profiler.enable()
  // 100 µs between samples: fine enough for a request that costs a few ms of CPU.
  await client.Profiler.setSamplingInterval({ interval: 100 })
  await client.Profiler.start()
  const base = path.join(PROFILE_DIR, `${label}-${PROFILED}`.replace(/[^\w.-]+/g, '_'))
  return {
    async stop() {
      fs.mkdirSync(PROFILE_DIR, { recursive: true })
      const { profile } = await client.Profiler.stop()
      fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile))
      const files = [`${base}.cpuprofile`]
      if (process.env.BENCH_PROFILE_HEAP !== 'off') {
        const out = fs.createWriteStream(`${base}.heapsnapshot`)
        client.HeapProfiler.on('addHeapSnapshotChunk', ({ chunk }) => out.write(chunk))
        await client.HeapProfiler.takeHeapSnapshot({ reportProgress: false })
        await new Promise((resolve) => out.end(resolve))
        files.push(`${base}.heapsnapshot`)
      }
      await client.close()
      return files.map((f) => path.relative(process.cwd(), f))
    },
  }
}
