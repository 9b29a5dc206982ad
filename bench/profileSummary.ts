import fs from 'node:fs'
import path from 'node:path'

/**
 * `node --import tsx bench/profileSummary.ts <file.cpuprofile> [top]` — pprof's `top` for a V8 CPU
 * profile: the functions with the most self time, and the packages they belong to, as text (for
 * a first look in a terminal; the call tree and flame chart are in Chrome DevTools or speedscope).
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: bench/profileSummary.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
const selfMicros = new Map<number, number>()
// timeDeltas[i] is the time before sample i; attributing it to that sample is V8's own convention.
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = nodes.get(id)!.callFrame
  const where = url
    ? `${url
        .replace(/^file:\/\//, '')
        .split('/node_modules/')
        .pop()}:${lineNumber + 1}`
    : ''
  const name = `${functionName || '(anonymous)'} ${where}`.trim()
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  const pkg = url.includes('/node_modules/')
    ? /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)![1]!
    : url.startsWith('node:')
      ? 'node (built-in)'
      : url
        ? 'our code'
        : functionName
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros)
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0)
const print = (title: string, rows: Map<string, number>, top: number) => {
  console.log(`\n${title}`)
  for (const [name, micros] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${(micros / 1000).toFixed(0).padStart(8)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`,
    )
}
console.log(`${path.basename(file)}: ${(total / 1000).toFixed(0)} ms sampled`)
print('self time by package', byPackage, 12)
print('self time by function', byFunction, Number(topArg ?? 25))
