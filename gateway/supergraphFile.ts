import fs from 'node:fs'
import { parse, Kind } from 'graphql'

export interface SubgraphEndpoint {
  name: string
  url: string
}

/** Reads the composed supergraph and the subgraph routing URLs recorded in its join__Graph enum. */
export function loadSupergraph(
  file: string,
  overrides: Record<string, string>,
): { sdl: string; subgraphs: SubgraphEndpoint[] } {
  if (!fs.existsSync(file)) throw new Error(`Supergraph file not found: ${file}. Run \`npm run compose\`.`)
  const sdl = fs.readFileSync(file, 'utf8')
  const subgraphs: SubgraphEndpoint[] = []
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph')
      const arg = (name: string) => directive?.arguments?.find((a) => a.name.value === name)?.value
      const name = arg('name')
      const url = arg('url')
      if (name?.kind === Kind.STRING && url?.kind === Kind.STRING)
        subgraphs.push({ name: name.value, url: overrides[name.value] ?? url.value })
    }
  }
  const unknown = Object.keys(overrides).filter((name) => !subgraphs.some((s) => s.name === name))
  if (unknown.length > 0) throw new Error(`Subgraph URL override for unknown subgraph(s): ${unknown.join(', ')}`)
  return { sdl, subgraphs }
}
