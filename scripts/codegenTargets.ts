import fs from 'node:fs'
import path from 'node:path'
import { SUBGRAPH_NAMES } from '../subgraph-runtime/config'

// Per subgraph: its SDL, where the resolver types go, and its own subgraphs/<name>/codegen.json —
// its context type, and which storage model each GraphQL type's resolvers receive as parent
// (codegen "mappers"). Paths hang off a root so the schema check can run the same generation on a
// modified copy of the repository.
export const REPOSITORY_ROOT = path.resolve(__dirname, '..')

export interface CodegenTarget {
  name: string
  schemaFile: string
  outputFile: string
  contextType: string
  mappers: Record<string, string>
}

interface CodegenConfig {
  contextType: string
  mappers: Record<string, string>
}

export function codegenTargets(root: string = REPOSITORY_ROOT): CodegenTarget[] {
  return SUBGRAPH_NAMES.map((name) => {
    const dir = path.join(root, 'subgraphs', name)
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'codegen.json'), 'utf8')) as CodegenConfig
    return {
      name,
      schemaFile: path.join(dir, 'schema.graphql'),
      outputFile: path.join(dir, 'generated', 'graphql.ts'),
      ...config,
    }
  })
}
