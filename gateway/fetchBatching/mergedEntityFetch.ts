import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql'
import { LRUCache } from 'lru-cache'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'

/**
 * Several entity fetches to one subgraph as one operation: each fetch's `_entities` field under an
 * alias of its own (`b0`, `b1`, …) and its variables renamed to match (`$b0_representations`, …).
 * The subgraph resolves them in one request, so its DataLoaders batch across them too (a patient's
 * investigator and CRC are one users query, not two).
 *
 * Only fetches of the shape the query planner gives an entity fetch are merged: a query operation
 * whose only selection is an unaliased `_entities` field, and no fragment definitions.
 */
export interface MergedEntityFetch {
  query: string
  /** The merged operation's variables, from each fetch's own. */
  variables(each: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown>
}

const ENTITIES = '_entities'
const aliasOf = (index: number) => `b${index}`
const renamed = (index: number, name: string) => `${aliasOf(index)}_${name}`

const entityFetches = new LRUCache<string, OperationDefinitionNode | false>({ max: 2000 })
const merges = new LRUCache<string, MergedEntityFetch>({ max: 2000 })

/** The fetch's operation if it is a mergeable entity fetch (parsed once per query text). */
function entityFetchOperation(query: string): OperationDefinitionNode | undefined {
  let known = entityFetches.get(query)
  if (known === undefined) {
    known = mergeableOperation(parse(query)) ?? false
    entityFetches.set(query, known)
  }
  return known || undefined
}

function mergeableOperation(document: DocumentNode): OperationDefinitionNode | undefined {
  if (document.definitions.length !== 1) return undefined
  const operation = document.definitions[0]!
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return undefined
  const selections = operation.selectionSet.selections
  if (selections.length !== 1) return undefined
  const field = selections[0]!
  if (field.kind !== Kind.FIELD || field.name.value !== ENTITIES || field.alias) return undefined
  return operation
}

/** Whether a fetch's query can be merged with others of its kind. */
export function isMergeableEntityFetch(query: string): boolean {
  return entityFetchOperation(query) !== undefined
}

/** One operation for the given entity fetches (each mergeable), built once per combination. */
export function mergeEntityFetches(queries: readonly string[]): MergedEntityFetch {
  const key = queries.join('\u0000')
  const known = merges.get(key)
  if (known) return known
  const operations = queries.map((query) => {
    const operation = entityFetchOperation(query)
    if (!operation) throw new Error('mergeEntityFetches: not an entity fetch')
    return operation
  })
  const variableDefinitions: VariableDefinitionNode[] = []
  const fields: FieldNode[] = []
  operations.forEach((operation, index) => {
    // Every variable, where defined and where used, takes the fetch's prefix.
    const prefixed = visit(operation, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: renamed(index, node.name.value) } }),
    })
    variableDefinitions.push(...(prefixed.variableDefinitions ?? []))
    const field = prefixed.selectionSet.selections[0] as FieldNode
    fields.push({ ...field, alias: { kind: Kind.NAME, value: aliasOf(index) } })
  })
  const names = operations.map((operation) => (operation.variableDefinitions ?? []).map((d) => d.variable.name.value))
  const merged: MergedEntityFetch = {
    query: print({
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: 'query' as never,
          // The first fetch's name (the planner's `<Operation>__<subgraph>__<n>`): the subgraph's logs
          // and metrics still say which client operation it serves.
          name: operations[0]!.name,
          variableDefinitions,
          selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
        },
      ],
    }),
    variables(each) {
      const variables: Record<string, unknown> = {}
      names.forEach((ofFetch, index) => {
        for (const name of ofFetch) {
          const value = each[index]?.[name]
          if (value !== undefined) variables[renamed(index, name)] = value
        }
      })
      return variables
    },
  }
  merges.set(key, merged)
  return merged
}

/**
 * Each fetch's answer from the merged one: its alias's data as `_entities`, the errors under its
 * alias with their path put back on `_entities`, and the errors with no alias of theirs (the whole
 * request failed) in every fetch's answer.
 */
export function splitMergedResponse(response: GatewayGraphQLResponse, count: number): GatewayGraphQLResponse[] {
  const data = response.data as Record<string, unknown> | null | undefined
  return Array.from({ length: count }, (_, index) => {
    const alias = aliasOf(index)
    const errors = response.errors?.flatMap((error) => {
      const [head, ...rest] = error.path ?? []
      if (typeof head === 'string' && /^b\d+$/.test(head))
        return head === alias ? [{ ...error, path: [ENTITIES, ...rest] }] : []
      return [error]
    })
    return {
      ...(data === undefined ? {} : { data: data === null ? null : { [ENTITIES]: data[alias] ?? null } }),
      ...(errors?.length ? { errors } : {}),
      ...(response.extensions ? { extensions: response.extensions } : {}),
      ...(response.http ? { http: response.http } : {}),
    }
  })
}
