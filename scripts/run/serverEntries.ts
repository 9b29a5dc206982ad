import fs from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../../platform/projectFiles'
import { SUBGRAPH_NAMES } from '../../subgraph-runtime/config'

/** Where the servers' build goes (serverBuild.ts), relative to the repository root. */
export const OUT_DIR = 'dist'

/** The servers' entry points: the gateway and every subgraph. */
export const SERVER_ENTRIES = ['gateway/main.ts', ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/main.ts`)]

/** Where an entry point's build goes, relative to the root (subgraphs/users/main.ts → dist/subgraphs/users/main.js). */
export function builtPath(entry: string): string {
  return path.posix.join(OUT_DIR, entry.replace(/\.ts$/, '.js'))
}

/** The built file of an entry point, absolute; an error that says what to run when it is missing. */
export function builtEntry(entry: string): string {
  const file = path.join(PROJECT_ROOT, builtPath(entry))
  if (!fs.existsSync(file)) throw new Error(`${builtPath(entry)} is not built: run \`npm run build\` first.`)
  return file
}
