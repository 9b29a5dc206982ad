import {
  getArgumentValues,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'

/** The argument by which every feed in this graph takes a resume position (as Relay's connections do). */
const RESUME_ARGUMENT = 'after'

/**
 * Whether a subscription resumes from a position in its feed: its root field's `after` argument is
 * given (inline or as a variable). Its events are then everything after that position, the same
 * for every subscriber that passes the same position, so a shared stream owes a late joiner what
 * it has carried already (sharedEventStreams.ts).
 */
export function resumesFromPosition(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): boolean {
  const field = rootField(document, operation.selectionSet)
  const definition = field && schema.getSubscriptionType()?.getFields()[field.name.value]
  if (!field || !definition?.args.some((a) => a.name === RESUME_ARGUMENT)) return false
  const args = getArgumentValues(definition, field, variables)
  return args[RESUME_ARGUMENT] !== undefined && args[RESUME_ARGUMENT] !== null
}

/** A subscription's one root field, through fragments if it is selected in one. */
function rootField(document: DocumentNode, selectionSet: SelectionSetNode): FieldNode | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection
        : document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value)
    const inner = fragment && 'selectionSet' in fragment ? rootField(document, fragment.selectionSet) : undefined
    if (inner) return inner
  }
  return undefined
}
