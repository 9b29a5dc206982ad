import fs from 'node:fs'

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) // utime, stime
  // CLK_TCK is 100 on every Linux this runs on (Node has no sysconf to ask).
  return ticks * 10
}

/** Resident set size now (VmRSS) in MiB; 0 once the process is gone. */
export function rssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

/**
 * Peak RSS of named processes during one window (VmHWM would include start-up and earlier targets),
 * and their CPU time used in it.
 */
export function watchProcesses(pids: Record<string, number>) {
  const peak: Record<string, number> = Object.fromEntries(Object.keys(pids).map((name) => [name, 0]))
  const cpuAtStart: Record<string, number> = {}
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name]!, rssMiB(pid))
  }
  const timer = setInterval(sample, 250)
  return {
    /** Starts the CPU clock (e.g. when the warm-up ends). */
    startCpu() {
      for (const [name, pid] of Object.entries(pids)) cpuAtStart[name] = cpuTimeMs(pid)
    },
    stop(): { peakRssMiB: Record<string, number>; cpuMs: Record<string, number> } {
      clearInterval(timer)
      sample()
      const cpuMs = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, cpuTimeMs(pid) - (cpuAtStart[name] ?? cpuTimeMs(pid))]),
      )
      return { peakRssMiB: { ...peak }, cpuMs }
    },
  }
}
