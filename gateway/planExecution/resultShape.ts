import {
  ERRORS,
  isCompositeType,
  isObjectType,
  isSubtype,
  typenameFieldName,
  type NamedType,
  type Operation,
  type Schema,
} from '@apollo/federation-internals'
import type { GraphQLError, SelectionNode } from 'graphql'
import { compileSelectionSet, type FragmentStep, type Step, type ValueShape } from './resultShapeSteps'

/**
 * The client's answer cut out of what the subgraphs returned: the client's aliases and fields
 * only (no key fields the plan added), `__typename` filled in, @skip/@include applied, and a null
 * for a non-null field bubbling up to the nearest nullable parent. The rules are @apollo/gateway's
 * (resultShaping.ts in 2.14), kept to the letter — the differential test (resultShape.test.ts) runs
 * both on generated operations and data and compares answer and errors.
 *
 * What differs is when the work is done. Apollo walks the operation's federation model on every
 * request: the operation is rebuilt from the document, and for each selection it asks for its
 * directives, response name and field definition. Here that walk happens once per cached plan and
 * leaves a tree of plain steps; a request only reads the data against it.
 */
export interface ResultShape {
  /** `introspect` answers `__schema`/`__type` selections (graphql-js on the API schema). */
  shape(input: Record<string, unknown> | null | undefined, variables: Variables, introspect: Introspect): ShapedResult
}

export type Variables = Record<string, unknown> | undefined
export type Introspect = (selection: SelectionNode, variables: Record<string, unknown>) => unknown

export interface ShapedResult {
  data: Record<string, unknown> | null | undefined
  errors: GraphQLError[]
}

interface Run {
  schema: Schema
  variables: Record<string, unknown>
  errors: GraphQLError[]
  introspect: Introspect
  types: Map<string, KnownType | undefined>
  /** What the last updateOutputValue found besides its value (INVALID, HAS_ERRORS): no object per value. */
  flags: number
}

/** A type met by __typename, with what the walk asks of it. */
interface KnownType {
  type: NamedType
  isObject: boolean
  isComposite: boolean
}

// The package's exports are getters: read once, not on every value.
const TYPENAME = typenameFieldName

const OK = 0
const NULL_BUBBLE_UP = 1

/**
 * An object of the answer. Like Apollo's `Object.create(null)`, it inherits no property (a field
 * aliased `constructor` or `toString` reads as absent), but its prototype is an empty object with
 * no prototype rather than none at all: V8 keeps such objects in its fast, shape-based mode, where
 * an object without a prototype is a hash table from its first property.
 */
interface AnswerObject {
  [responseName: string]: unknown
}
const AnswerObject = function AnswerObject() {} as unknown as new () => AnswerObject
AnswerObject.prototype = Object.create(null)

// updateOutputValue's flags: the value makes its parent null / errors were reported below it.
const INVALID = 1
const HAS_ERRORS = 2

/** Compiles an operation's selections once; the result is reused by every request of the plan. */
export function compileResultShape(operation: Operation): ResultShape {
  const schema = operation.schema()
  const steps = compileSelectionSet(schema, operation.selectionSet)
  const defaults = operation.collectDefaultedVariableValues()
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!
  // Type lookups by __typename, shared by every request of the plan (the schema does not change).
  const types = new Map<string, KnownType | undefined>()
  return {
    shape(input, variables, introspect) {
      if (!input) return { data: input, errors: [] }
      const run: Run = {
        schema,
        variables: { __proto__: null, ...defaults, ...variables } as Record<string, unknown>,
        errors: [],
        introspect,
        types,
        flags: 0,
      }
      const data = new AnswerObject()
      const result = applySteps(run, input, steps, data, [], rootType)
      return { data: result === NULL_BUBBLE_UP ? null : data, errors: run.errors }
    },
  }
}
function typeNamed(run: Run, name: string): KnownType | undefined {
  if (!run.types.has(name)) {
    const type = run.schema.type(name)
    run.types.set(name, type && { type, isObject: isObjectType(type), isComposite: isCompositeType(type) })
  }
  return run.types.get(name)
}

function fragmentApplies(run: Run, step: FragmentStep, typename: string | undefined, parentType: NamedType): boolean {
  const condition = step.typeCondition
  if (!condition) return true
  const key = typename ?? `\0${parentType.name}`
  let applies = step.applies.get(key)
  if (applies === undefined) {
    const type = typename ? typeNamed(run, typename)?.type : parentType
    applies = !!type && isSubtype(condition, type)
    step.applies.set(key, applies)
  }
  return applies
}

function applySteps(
  run: Run,
  input: Record<string, unknown>,
  steps: Step[],
  output: Record<string, unknown>,
  path: (string | number)[],
  parentType: NamedType,
): typeof OK | typeof NULL_BUBBLE_UP {
  for (const step of steps) {
    if (step.skipped?.(run.variables)) continue
    if (step.kind === 'field') {
      const { responseName } = step
      const outputValue = output[responseName]
      if (step.introspection) {
        if (outputValue === undefined) output[responseName] = run.introspect(step.introspection, run.variables)
        continue
      }
      let inputValue = Object.hasOwn(input, responseName) ? input[responseName] : undefined
      if (inputValue === undefined) inputValue = null
      if (step.isTypename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== TYPENAME) inputValue = input[TYPENAME] ?? null
          const known = typeof inputValue === 'string' ? typeNamed(run, inputValue) : undefined
          if (known ? !known.isObject : !isObjectType(parentType)) return NULL_BUBBLE_UP
          output[responseName] = known ? known.type.name : parentType.name
        }
        continue
      }
      path.push(responseName)
      output[responseName] = updateOutputValue(
        run,
        outputValue,
        step.value,
        inputValue,
        step.selections,
        path,
        parentType,
      )
      path.pop()
      if (run.flags & INVALID) return NULL_BUBBLE_UP
    } else {
      const typename = input[TYPENAME]
      if (typename && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${typename}`)
      if (fragmentApplies(run, step, (typename as string) || undefined, parentType)) {
        const result = applySteps(run, input, step.selections, output, path, step.typeCondition ?? parentType)
        if (result === NULL_BUBBLE_UP) return NULL_BUBBLE_UP
      }
    }
  }
  return OK
}

function describeLast(path: (string | number)[], type: string, parentType: NamedType): string {
  const last = path[path.length - 1]
  return typeof last === 'string' ? `field ${parentType}.${last}` : `array element of type ${type} at index ${last}`
}

/**
 * Apollo's updateOutputValue, answering the updated value and leaving in `run.flags` what Apollo
 * returns beside it (`isInvalid`, `hasErrors`), which the caller reads before its next call.
 */
function updateOutputValue(
  run: Run,
  outputValue: unknown,
  shape: ValueShape,
  inputValue: unknown,
  selections: Step[] | undefined,
  path: (string | number)[],
  parentType: NamedType,
): unknown {
  run.flags = 0
  if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue
  if (shape.kind === 'nonNull') {
    const inner = updateOutputValue(run, outputValue, shape.of, inputValue, selections, path, parentType)
    if (inner === null) {
      if (!(run.flags & HAS_ERRORS))
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Cannot return null for non-nullable ${describeLast(path, shape.of.name, parentType)}.`,
            {
              path: Array.from(path),
            },
          ),
        )
      run.flags = INVALID | HAS_ERRORS
      return null
    }
    run.flags = 0
    return inner
  }
  if (inputValue === null) return null
  if (shape.kind === 'list') {
    if (!Array.isArray(inputValue))
      throw new Error(`Invalid non-list value ${inputValue} returned by subgraph for list type ${shape.name}`)
    if (outputValue !== undefined && !Array.isArray(outputValue))
      throw new Error(`Invalid non-list value ${outputValue} returned by subgraph for list type ${shape.name}`)
    const outputs = (outputValue as unknown[] | undefined) ?? new Array<unknown>(inputValue.length).fill(undefined)
    if (inputValue.length !== outputs.length)
      throw new Error(`[${inputValue}].length (${inputValue.length}) !== [${outputs}].length (${outputs.length})`)
    let flags = 0
    const updated = new Array<unknown>(outputs.length)
    for (let i = 0; i < outputs.length; i++) {
      path.push(i)
      updated[i] = updateOutputValue(run, outputs[i], shape.of, inputValue[i], selections, path, parentType)
      path.pop()
      flags |= run.flags
    }
    // An invalid element nulls the list; the list itself is not invalid (its own type decides).
    run.flags = flags & HAS_ERRORS
    return flags & INVALID ? null : updated
  }
  if (shape.kind === 'composite') {
    if (!selections) throw new Error(`Invalid empty selection set for composite type ${shape.name}`)
    if (typeof inputValue !== 'object')
      throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${shape.name}`)
    if (outputValue !== undefined && typeof outputValue !== 'object')
      throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${shape.name}`)
    const object = inputValue as Record<string, unknown>
    const inputTypename = object[TYPENAME]
    if (inputTypename !== undefined && typeof inputTypename !== 'string')
      throw new Error(`Invalid non-string value ${inputTypename} for __typename at ${path}`)
    let objectType: NamedType = shape.type
    if (inputTypename) {
      const named = typeNamed(run, inputTypename)
      if (!named || !named.isComposite) {
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Invalid __typename found for object at ${describeLast(path, shape.name, parentType)}.`,
            {
              path: Array.from(path),
            },
          ),
        )
        run.flags = HAS_ERRORS
        return null
      }
      objectType = named.type
    }
    const target = (outputValue as Record<string, unknown> | undefined) ?? new AnswerObject()
    const bubbled = applySteps(run, object, selections, target, path, objectType) === NULL_BUBBLE_UP
    run.flags = bubbled ? HAS_ERRORS : 0
    return bubbled ? null : target
  }
  if (outputValue !== undefined)
    throw new Error(`Excepted output to be undefined but got ${shape.name} for type ${shape.name}`)
  const valid = shape.valid(inputValue)
  if (!valid) {
    run.errors.push(
      ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, shape.name, parentType)}.`, {
        path: Array.from(path),
      }),
    )
    run.flags = HAS_ERRORS
    return null
  }
  return inputValue
}
