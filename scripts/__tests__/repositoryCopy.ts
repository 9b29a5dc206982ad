import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readRoverConfig } from '../compose/roverConfig'
import { composeSupergraph } from '../compose/composeSupergraph'
import { codegenTargets, REPOSITORY_ROOT } from '../codegenTargets'
import { generateResolverTypes } from '../codegen'
import { generateWebOperationTypes, webOperationTypesFile } from '../webOperationTypes'
import { SUBGRAPH_NAMES } from '../../subgraph-runtime/config'

/**
 * A temporary copy of what the schema check reads (rover.yaml, subgraph SDL, generated types,
 * the web app's typed operations, schema/, prisma/), so a test can break one rule without touching the repository.
 */
export interface RepositoryCopy {
  root: string
  /** The supergraph as committed before the test changed anything: the breaking-change base. */
  baseSupergraph: string
  edit(file: string, change: (text: string) => string): void
  /** What a developer runs after editing SDL: npm run compose + npm run codegen. */
  recomposeAndRegenerate(): Promise<void>
  remove(): void
}

const COPIED = [
  'rover.yaml',
  'schema',
  'prisma',
  ...SUBGRAPH_NAMES.flatMap((s) => [
    `subgraphs/${s}/schema.graphql`,
    `subgraphs/${s}/codegen.json`,
    `subgraphs/${s}/generated/graphql.ts`,
  ]),
  'web/src/generated/operations.ts',
]

export function copyRepository(): RepositoryCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-check-'))
  for (const item of COPIED) fs.cpSync(path.join(REPOSITORY_ROOT, item), path.join(root, item), { recursive: true })
  const baseSupergraph = path.join(root, 'base-supergraph.graphql')
  fs.copyFileSync(path.join(root, 'schema', 'supergraph.graphql'), baseSupergraph)
  return {
    root,
    baseSupergraph,
    edit(file, change) {
      const full = path.join(root, file)
      const before = fs.readFileSync(full, 'utf8')
      const after = change(before)
      if (after === before) throw new Error(`edit of ${file} changed nothing: the fixture no longer matches the file`)
      fs.writeFileSync(full, after)
    },
    async recomposeAndRegenerate() {
      const outcome = composeSupergraph(readRoverConfig(path.join(root, 'rover.yaml')))
      if (!outcome.ok) throw new Error(`fixture does not compose: ${JSON.stringify(outcome.errors)}`)
      fs.writeFileSync(path.join(root, 'schema', 'supergraph.graphql'), outcome.supergraphSdl)
      for (const target of codegenTargets(root))
        fs.writeFileSync(target.outputFile, await generateResolverTypes(target))
      // Operations the change invalidated cannot be typed: the operations rule reports them.
      const web = await generateWebOperationTypes(root).catch(() => null)
      if (web !== null) fs.writeFileSync(webOperationTypesFile(root), web)
    },
    remove() {
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}
