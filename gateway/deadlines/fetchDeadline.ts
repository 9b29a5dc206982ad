import {
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type SelectionSetNode,
} from 'graphql'
import type { FieldDeadlines } from './fieldDeadlines'

/** The tightest `@deadline` among the fields one subgraph fetch resolves, and where it sits. */
export interface FetchDeadline {
  /** null when no field of the fetch has a @deadline (only the request budget applies). */
  ms: number | null
  /** Schema coordinate of that field, e.g. "Patient.labResults". */
  field: string | null
  /**
   * Path in the subgraph's response of that field — or of the fetch's first field — e.g.
   * ['_entities', 0, 'labResults']; the gateway maps it to the client's path.
   */
  path: (string | number)[]
}

// The planner hands us the same DocumentNode object for the same plan (exposeDocumentNodeInFetchNode),
// so the analysis is done once per plan. A WeakMap lets it go with the plan cache.
const cache = new WeakMap<DocumentNode, FetchDeadline | null>()

export function deadlineOfFetch(document: DocumentNode, deadlines: FieldDeadlines): FetchDeadline | null {
  let found = cache.get(document)
  if (found === undefined) {
    found = analyse(document, deadlines)
    cache.set(document, found)
  }
  return found
}

function analyse(document: DocumentNode, deadlines: FieldDeadlines): FetchDeadline | null {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return null
  const root = operation.operation === 'mutation' ? deadlines.schema.getMutationType() : deadlines.schema.getQueryType()
  if (!root) return null
  let tightest: { ms: number; field: string; path: (string | number)[] } | null = null
  let firstPath: (string | number)[] | null = null
  const consider = (candidate: { ms: number; field: string; path: (string | number)[] }) => {
    if (!tightest || candidate.ms < tightest.ms) tightest = candidate
  }

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, path: (string | number)[]) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD || selection.kind === Kind.INLINE_FRAGMENT) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection
        const condition = fragment?.typeCondition ? deadlines.schema.getType(fragment.typeCondition.name.value) : parent
        if (fragment && condition && (isObjectType(condition) || isInterfaceType(condition)))
          walk(fragment.selectionSet, condition, path)
        continue
      }
      const name = selection.name.value
      const responseKey = selection.alias?.value ?? name
      // Entity fetches select `_entities(representations:) { ... on Patient { ... } }`.
      if (name === '_entities' && selection.selectionSet) {
        walk(selection.selectionSet, parent, ['_entities', 0])
        continue
      }
      if (!(isObjectType(parent) || isInterfaceType(parent))) continue
      const field = parent.getFields()[name]
      if (!field) continue
      if (name !== '__typename') firstPath ??= [...path, responseKey]
      const ms = deadlines.of(parent.name, name)
      if (ms !== undefined) consider({ ms, field: `${parent.name}.${name}`, path: [...path, responseKey] })
      const type = getNamedType(field.type)
      if (selection.selectionSet && (isObjectType(type) || isInterfaceType(type)))
        walk(selection.selectionSet, type, [...path, responseKey])
    }
  }
  walk(operation.selectionSet, root, [])
  const found = tightest as { ms: number; field: string; path: (string | number)[] } | null
  if (found) return found
  return firstPath ? { ms: null, field: null, path: firstPath } : null
}
