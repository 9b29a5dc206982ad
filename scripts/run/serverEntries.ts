import fs from 'node:fs'
import path from 'node:path'
import { SUBGRAPH_NAMES } from '../../subgraph-runtime/config'

/** Where the servers' build goes (serverBuild.ts), relative to the repository root. */
export const OUT_DIR = 'dist'

/** The servers' entry points: the gateway and every subgraph. */
export const SERVER_ENTRIES = ['gateway/main.ts', ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/main.ts`)]

const root = path.resolve(__dirname, '..', '..')

/** The built file of an entry point (e.g. subgraphs/users/main.ts → dist/subgraphs/users/main.js). */
export function builtEntry(entry: string): string {
  const file = path.join(root, OUT_DIR, entry.replace(/\.ts$/, '.js'))
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is not built: run \`npm run build\` first.`)
  return file
}
