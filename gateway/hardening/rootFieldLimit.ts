import { Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql'
import { limitExceeded } from './operationLimits'

/**
 * Counts the top-level fields an operation selects: each field occurrence at the root, plus those
 * of inline fragments and named fragments spread at the root (a root field is a resolver call, and
 * at the gateway usually a subgraph fetch). `__typename` is left out: the gateway answers it alone.
 * A named fragment is counted once and its count reused, so fragments that spread each other many
 * times cannot make the counting itself expensive; a fragment cycle counts 0 (graphql-js's
 * NoFragmentCyclesRule reports it).
 */
export function countRootFields(
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined | null,
): number {
  const counted = new Map<string, number>()
  const count = (set: SelectionSetNode): number => {
    let fields = 0
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') fields += 1
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        fields += count(selection.selectionSet)
      } else {
        const name = selection.name.value
        if (!counted.has(name)) {
          counted.set(name, 0) // in progress: a cycle back to it adds nothing
          const definition = fragment(name)
          counted.set(name, definition ? count(definition.selectionSet) : 0)
        }
        fields += counted.get(name)!
      }
    }
    return fields
  }
  return count(selectionSet)
}

/** Validation rule: an operation with more than `limit` root fields is answered TOO_MANY_ROOT_FIELDS. */
export function maxRootFieldsRule(limit: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const found = countRootFields(operation.selectionSet, (name) => context.getFragment(name))
      if (found > limit)
        context.reportError(
          limitExceeded('TOO_MANY_ROOT_FIELDS', `Root fields limit of ${limit} exceeded, found ${found}.`, limit),
        )
    },
  })
}
