import { Kind, parse, type DocumentNode } from 'graphql'
import type { RoverConfig } from '../../compose/roverConfig'
import { error, type Finding } from '../findings'

const FEDERATION_2_LINK = /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/

/**
 * Each subgraph's SDL must parse and declare Federation 2 with `@link`: without it, composition
 * silently treats the SDL as Federation 1 and rewrites its semantics (every type shareable...).
 */
export function checkSubgraphSdl(
  config: RoverConfig,
  relative: (file: string) => string,
): { findings: Finding[]; parsed: Map<string, DocumentNode> } {
  const findings: Finding[] = []
  const parsed = new Map<string, DocumentNode>()
  for (const subgraph of config.subgraphs) {
    let document: DocumentNode
    try {
      document = parse(subgraph.sdl)
    } catch (e) {
      const location = (e as { locations?: { line: number }[] }).locations?.[0]
      findings.push(
        error('subgraph-sdl', 'INVALID_GRAPHQL', `Subgraph "${subgraph.name}": ${(e as Error).message}`, {
          subgraphs: [subgraph.name],
          file: relative(subgraph.schemaFile),
          line: location?.line,
        }),
      )
      continue
    }
    parsed.set(subgraph.name, document)
    if (!linksFederation2(document)) {
      findings.push(
        error(
          'subgraph-sdl',
          'NOT_FEDERATION_2',
          `Subgraph "${subgraph.name}" does not declare Federation 2: add \`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\`.`,
          {
            subgraphs: [subgraph.name],
            file: relative(subgraph.schemaFile),
          },
        ),
      )
    }
  }
  return { findings, parsed }
}

function linksFederation2(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) =>
      (definition.kind === Kind.SCHEMA_EXTENSION || definition.kind === Kind.SCHEMA_DEFINITION) &&
      (definition.directives ?? []).some((directive) => {
        if (directive.name.value !== 'link') return false
        const url = directive.arguments?.find((a) => a.name.value === 'url')?.value
        return url?.kind === Kind.STRING && FEDERATION_2_LINK.test(url.value)
      }),
  )
}
