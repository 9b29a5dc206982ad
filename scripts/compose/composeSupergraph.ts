import { parse, type GraphQLError } from 'graphql'
import { composeServices } from '@apollo/composition'
import type { RoverConfig } from './roverConfig'

export interface CompositionProblem {
  code: string
  message: string
  subgraphs: string[]
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; hints: CompositionProblem[] }
  | { ok: false; errors: CompositionProblem[]; hints: CompositionProblem[] }

/** Composes the subgraphs exactly as rover's supergraph plugin does (@apollo/composition). */
export function composeSupergraph(config: RoverConfig): CompositionOutcome {
  const parseErrors: CompositionProblem[] = []
  const services = config.subgraphs.flatMap((s) => {
    try {
      return [{ name: s.name, url: s.url, typeDefs: parse(s.sdl) }]
    } catch (error) {
      parseErrors.push({
        code: 'INVALID_GRAPHQL',
        message: `${s.schemaFile}: ${(error as Error).message}`,
        subgraphs: [s.name],
      })
      return []
    }
  })
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors, hints: [] }
  const result = composeServices(services)
  const hints = (result.hints ?? []).map(describeHint)
  if (result.errors) return { ok: false, errors: result.errors.map(describeError), hints }
  return { ok: true, supergraphSdl: result.supergraphSdl, hints }
}

function describeError(error: GraphQLError): CompositionProblem {
  const code = String(error.extensions?.code ?? 'COMPOSITION_ERROR')
  return { code, message: error.message, subgraphs: subgraphsIn(error.message) }
}

/** A composition hint, typed off composeServices' public result (the class itself is not exported). */
type CompositionHint = NonNullable<ReturnType<typeof composeServices>['hints']>[number]

function describeHint(hint: CompositionHint): CompositionProblem {
  return { code: hint.definition.code, message: hint.message, subgraphs: subgraphsIn(hint.message) }
}

// Composition messages name subgraphs in quotes: 'subgraph "labs"' or 'subgraphs "a" and "b"'.
function subgraphsIn(message: string): string[] {
  const names = new Set<string>()
  for (const match of message.matchAll(/subgraphs? ((?:"[^"]+"(?:,\s*|\s+and\s+)?)+)/g)) {
    for (const name of match[1]!.matchAll(/"([^"]+)"/g)) names.add(name[1]!)
  }
  return [...names]
}
