import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { spawn } from 'node:child_process'
import cliProgress from 'cli-progress'
import type { LoadResult, LoadSpec } from './loadSpec'

const root = path.resolve(__dirname, '..', '..')

/**
 * Runs one load window in a separate load-generator process (loadGenerator.ts), with a progress bar
 * over warm-up and measurement; `onMeasureStart` runs when the warm-up ends (start CPU clocks and
 * counters there).
 */
export function runLoad(
  label: string,
  spec: LoadSpec,
  onMeasureStart: () => void | Promise<void>,
): Promise<LoadResult> {
  // The spec goes through a file: tens of thousands of variable sets exceed the argument limit.
  const specFile = path.join(os.tmpdir(), `load-spec-${process.pid}-${Date.now()}.json`)
  fs.writeFileSync(specFile, JSON.stringify(spec))
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'loadGenerator.ts'), specFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const total = spec.warmupSeconds + spec.durationSeconds
  const bar = new cliProgress.SingleBar(
    {
      format: `  ${label.padEnd(34)} [{bar}] {value}/{total} s  {phase}  {requests} requests`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.legacy,
  )
  bar.start(total, 0, { phase: spec.warmupSeconds ? 'warm-up' : 'measuring', requests: 0 })
  let seconds = 0
  let measureStart: Promise<void> = Promise.resolve()
  return new Promise<LoadResult>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'MEASURE_START') {
        seconds = spec.warmupSeconds
        bar.update(seconds, { phase: 'measuring', requests: 0 })
        measureStart = Promise.resolve(onMeasureStart())
      } else if (line.startsWith('TICK ')) bar.update(Math.min(total, ++seconds), { requests: Number(line.slice(5)) })
      else if (line.startsWith('RESULT ')) {
        bar.update(total)
        bar.stop()
        const result = JSON.parse(line.slice(7)) as LoadResult
        measureStart.then(() => resolve(result), reject)
      }
    })
    child.once('exit', (code) => {
      fs.rmSync(specFile, { force: true })
      if (code !== 0) {
        bar.stop()
        reject(new Error(`load generator for ${label} exited with ${code}`))
      }
    })
  })
}
