import { getResponseName, type QueryPlanSelectionNode } from '@apollo/query-planner'
import type { GraphQLSchema } from 'graphql'
import { deepMerge, isObjectOfType } from './resultMerging'

type Entity = Record<string, unknown>

/**
 * The representation an entity fetch sends for one entity: the fields its `requires` selection
 * names (the key, and any @requires fields), read from what earlier fetches merged. Null when a
 * field is missing, which leaves the entity out of the fetch. Apollo's executeSelectionSet (2.14),
 * which the package does not export.
 */
export function representationOf(
  schema: GraphQLSchema,
  source: Entity | null,
  selections: readonly QueryPlanSelectionNode[],
): Entity | null {
  if (source === null) return null
  const result = Object.create(null) as Entity
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = getResponseName(selection)
      const value = Object.hasOwn(source, name) ? source[name] : undefined
      if (value === undefined) return null
      const inner = selection.selections
      if (Array.isArray(value))
        result[name] = value.map((element) =>
          inner ? representationOf(schema, element as Entity | null, inner) : element,
        )
      else result[name] = inner ? representationOf(schema, value as Entity | null, inner) : value
    } else {
      if (!selection.typeCondition || !source) continue
      if (isObjectOfType(schema, source, selection.typeCondition))
        deepMerge(result, representationOf(schema, source, selection.selections))
    }
  }
  return result
}
