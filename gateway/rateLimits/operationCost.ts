import {
  Kind,
  getArgumentValues,
  getVariableValues,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql'
import { countRootFields } from '../hardening/rootFieldLimit'

/** Which of a caller's buckets an operation is charged to. */
export type OperationClass = 'query' | 'mutation' | 'anonymous'

export interface OperationCharge {
  operationClass: OperationClass
  tokens: number
}

/**
 * What an operation costs in tokens:
 * - anonymous (signing in): 1;
 * - a mutation: 1 per root field, since each is a write (aliases let one request carry several);
 * - a query: 1 per `objectsPerToken` objects it may return, at least 1 — a dashboard page of 50
 *   subjects or a patient's full view is 1 token, a 100-subject page 2, and so on.
 * A subscription sent over HTTP is charged as a query (subscriptionOverHttpGuard refuses it).
 */
export function chargeFor(
  request: {
    schema: GraphQLSchema
    document: DocumentNode
    operation: OperationDefinitionNode
    variables: Record<string, unknown> | undefined
    signedIn: boolean
  },
  objectsPerToken: number,
): OperationCharge {
  if (!request.signedIn) return { operationClass: 'anonymous', tokens: 1 }
  const fragments = new Map(
    request.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  )
  if (request.operation.operation === 'mutation')
    return {
      operationClass: 'mutation',
      tokens: Math.max(
        1,
        countRootFields(request.operation.selectionSet, (name) => fragments.get(name)),
      ),
    }
  const objects = estimatedObjects(request.schema, request.operation, fragments, request.variables ?? {})
  return { operationClass: 'query', tokens: Math.max(1, Math.ceil(objects / objectsPerToken)) }
}

/**
 * How many objects an operation may return, counted the way graphql-armor's cost limit counts
 * (gateway/hardening/queryShapeRules.ts): a field with a selection set is one object, and a field's
 * `first`/`last` argument multiplies it and everything below it; scalars are free. Armor's cost
 * cannot be reused here: it reads `first` only when written as a literal (the dashboards pass it
 * as a variable, or leave the schema's default), and Apollo Server skips validation — where armor
 * runs — for a document it has already validated. So the arguments are resolved here as
 * execution would: literal, variable, or the schema's default.
 * Linear in the size of the document: a named fragment is counted once and its count reused.
 */
export function estimatedObjects(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>,
): number {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables)
  // Variables that do not coerce fail the operation before it runs; it is charged as small.
  if (coerced.errors) return 0
  const variables = coerced.coerced
  const fragmentCounts = new Map<string, number>()
  const count = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let objects = 0
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet) continue
        const field =
          parent && (isObjectType(parent) || isInterfaceType(parent))
            ? parent.getFields()[selection.name.value]
            : undefined
        objects +=
          pageSize(field, selection, variables) * (1 + count(selection.selectionSet, field && getNamedType(field.type)))
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        objects += count(
          selection.selectionSet,
          selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent,
        )
      } else {
        const name = selection.name.value
        if (!fragmentCounts.has(name)) {
          fragmentCounts.set(name, 0) // in progress: a cycle back to it adds nothing (validation refuses cycles anyway)
          const fragment = fragments.get(name)
          fragmentCounts.set(
            name,
            fragment ? count(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)) : 0,
          )
        }
        objects += fragmentCounts.get(name)!
      }
    }
    return objects
  }
  return count(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined)
}

/** The `first` or `last` a list field is asked for (1 for any other field, or when it does not resolve). */
function pageSize(
  field: GraphQLField<unknown, unknown> | undefined,
  node: FieldNode,
  variables: Record<string, unknown>,
): number {
  if (!field?.args.some((a) => a.name === 'first' || a.name === 'last')) return 1
  try {
    const args = getArgumentValues(field, node, variables)
    const size = args.first ?? args.last
    return typeof size === 'number' && size > 0 ? size : 1
  } catch {
    return 1 // an invalid argument fails the field when it runs
  }
}
