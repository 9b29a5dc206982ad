import {
  Variable,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  typenameFieldName,
  type CompositeType,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals'
import type { SelectionNode } from 'graphql'

/**
 * An operation's selections compiled into plain steps (resultShape.ts walks them per request):
 * the response name, the field's type, whether it is `__typename` or introspection, and its
 * @skip/@include — decided here when their `if` is a literal, left as a check of the variables
 * otherwise.
 */

export type Condition = (variables: Record<string, unknown>) => boolean

export interface FieldStep {
  kind: 'field'
  responseName: string
  /** True when the step is skipped for these variables; absent when it never is. */
  skipped?: Condition
  /** `__schema`/`__type`: answered by the introspection executor. */
  introspection?: SelectionNode
  isTypename: boolean
  value: ValueShape
  selections?: Step[]
}

/**
 * A field's type, unwrapped once: the walk asks `kind` instead of the schema's type predicates.
 * `name` is the type as printed in Apollo's messages.
 */
export type ValueShape =
  | { kind: 'nonNull'; name: string; of: ValueShape }
  | { kind: 'list'; name: string; of: ValueShape }
  | { kind: 'composite'; name: string; type: CompositeType }
  | { kind: 'leaf'; name: string; valid(value: unknown): boolean }

export interface FragmentStep {
  kind: 'fragment'
  skipped?: Condition
  typeCondition?: CompositeType
  /** Whether the fragment applies to a runtime type, by name (a handful of names per fragment). */
  applies: Map<string, boolean>
  selections: Step[]
}

export type Step = FieldStep | FragmentStep

export function compileSelectionSet(schema: Schema, selectionSet: SelectionSet): Step[] {
  const steps: Step[] = []
  for (const selection of selectionSet.selections()) {
    const skipped = skipCondition(schema, selection)
    if (skipped === true) continue
    const when = skipped === false ? undefined : skipped
    if (selection.kind === 'FieldSelection') {
      const field = selection.element
      steps.push({
        kind: 'field',
        responseName: field.responseName(),
        skipped: when,
        introspection: field.definition.isSchemaIntrospectionField()
          ? selection.expandFragments().toSelectionNode()
          : undefined,
        isTypename: field.name === typenameFieldName,
        value: valueShapeOf(schema, field.definition.type!),
        selections: selection.selectionSet ? compileSelectionSet(schema, selection.selectionSet) : undefined,
      })
    } else {
      steps.push({
        kind: 'fragment',
        skipped: when,
        typeCondition: selection.element.typeCondition,
        applies: new Map(),
        selections: compileSelectionSet(schema, selection.selectionSet),
      })
    }
  }
  return steps
}

/** @skip/@include of one selection: decided now when their `if` is a literal, else per request. */
function skipCondition(schema: Schema, selection: Selection): boolean | Condition {
  const skip = selection.element.appliedDirectivesOf(schema.skipDirective())[0]
  const include = selection.element.appliedDirectivesOf(schema.includeDirective())[0]
  if (!skip && !include) return false
  const skipIf = skip?.arguments().if
  const includeIf = include?.arguments().if
  if (!(skipIf instanceof Variable) && !(includeIf instanceof Variable))
    return (!!skip && !!skipIf) || (!!include && !includeIf)
  return (variables) =>
    (!!skip && ifValue(skipIf!, variables, skip)) || (!!include && !ifValue(includeIf!, variables, include))
}

/** A directive's `if`; a variable that is not a boolean fails the response, as Apollo's assertion does. */
function ifValue(argument: boolean | Variable, variables: Record<string, unknown>, directive: object): boolean {
  if (!(argument instanceof Variable)) return argument
  const value = variables[argument.name]
  if (typeof value !== 'boolean')
    throw new Error(`Unexpected value ${String(value)} for variable ${argument} of ${directive}`)
  return value
}

function valueShapeOf(schema: Schema, type: Type): ValueShape {
  const name = String(type)
  if (isNonNullType(type)) return { kind: 'nonNull', name, of: valueShapeOf(schema, type.ofType) }
  if (isListType(type)) return { kind: 'list', name, of: valueShapeOf(schema, type.ofType) }
  if (isCompositeType(type)) return { kind: 'composite', name, type }
  return { kind: 'leaf', name, valid: leafValidator(schema, type) }
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/

/**
 * federation-internals' isValidLeafValue decided once per leaf type instead of per value (it asks
 * the schema for its built-in scalars on every call; in the full view's shaping that was a third
 * of the time). Same answers: a custom scalar takes anything; Boolean a boolean; Int a finite
 * integral number; ID that or a string; Float a finite number; String a string; an enum one of
 * its values' names.
 */
function leafValidator(schema: Schema, type: Type): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true
  if (isEnumType(type)) {
    const names = new Set(type.values.map((v) => v.name))
    return (value) => typeof value === 'string' && names.has(value)
  }
  const integral = (value: unknown) => typeof value === 'number' && isFinite(value) && INTEGER.test(String(value))
  switch (type) {
    case schema.booleanType():
      return (value) => typeof value === 'boolean'
    case schema.intType():
      return integral
    case schema.idType():
      return (value) => typeof value === 'string' || integral(value)
    case schema.floatType():
      return (value) => typeof value === 'number' && isFinite(value)
    default:
      // String, and any other built-in scalar: as isValidLeafValue, a string is its only value.
      return (value) => typeof value === 'string'
  }
}
