import fs from 'node:fs'
import path from 'node:path'
import { buildSync } from 'esbuild'
import { SUBGRAPH_NAMES } from '../../subgraph-runtime/config'

/**
 * The servers' build: each entry point (the gateway and the subgraphs) bundled with our own code
 * into one CommonJS file under dist/, packages left to node_modules. It is what production runs
 * (Dockerfile), `npm start` builds before it starts, and the end-to-end tests build before their
 * first suite. The transform is the one tsx applies in memory (esbuild, type-only syntax removed,
 * types checked separately by `npm run typecheck`), done once instead of in every process: a
 * server then loads in about half the CPU time (one file read, no TypeScript hooks on the module
 * loader), which the end-to-end suites, starting nine servers each, and every restart feel.
 */
const root = path.resolve(__dirname, '..', '..')
const OUT_DIR = 'dist'

export const SERVER_ENTRIES = ['gateway/main.ts', ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/main.ts`)]

/**
 * Builds every server, and `extraEntries` (the benchmarks' stock gateway), in under a second. Safe
 * while servers start from the build: each file is replaced whole.
 */
export function buildServers(extraEntries: string[] = []): void {
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [...SERVER_ENTRIES, ...extraEntries],
    outdir: OUT_DIR,
    outbase: '.',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Stack traces name the TypeScript sources (the servers run with --enable-source-maps).
    sourcemap: true,
    write: false,
    logLevel: 'warning',
  })
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true })
    const partial = `${file.path}.${process.pid}.tmp`
    fs.writeFileSync(partial, file.contents)
    fs.renameSync(partial, file.path)
  }
}

/** The built file of an entry point (e.g. subgraphs/users/main.ts → dist/subgraphs/users/main.js). */
export function builtEntry(entry: string): string {
  const file = path.join(root, OUT_DIR, entry.replace(/\.ts$/, '.js'))
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is not built: run \`npm run build\` first.`)
  return file
}
