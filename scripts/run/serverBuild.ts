import fs from 'node:fs'
import path from 'node:path'
import { buildSync } from 'esbuild'
import { PROJECT_ROOT } from '../../platform/projectFiles'
import { OUT_DIR, SERVER_ENTRIES } from './serverEntries'

/**
 * The servers' build: each entry point (the gateway and the subgraphs) bundled with our own code
 * into one CommonJS file under dist/, packages left to node_modules. It is what production runs
 * (Dockerfile), `npm start` builds before it starts, and the end-to-end tests build before their
 * first suite. The transform is the one tsx applies in memory (esbuild, type-only syntax removed,
 * types checked separately by `npm run typecheck`), done once instead of in every process: a
 * server then loads in about half the CPU time (one file read, no TypeScript hooks on the module
 * loader), which the end-to-end suites, starting nine servers each, and every restart feel.
 */

/**
 * Builds every server, and `extraEntries` (the benchmarks' stock gateway), in under a second. Safe
 * while servers start from the build: each file is replaced whole.
 */
export function buildServers(extraEntries: string[] = []): void {
  const result = buildSync({
    absWorkingDir: PROJECT_ROOT,
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
