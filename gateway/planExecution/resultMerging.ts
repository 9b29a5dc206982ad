import { isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql'
import type { FetchDataRewrite } from '@apollo/query-planner'

/**
 * How fetched data joins the result, as @apollo/gateway 2.14 does it (its dataRewrites.ts and
 * utilities/deepMerge.ts, which the package does not export): an answer is merged into what the
 * plan has so far, and a fetch's rewrites rename or set fields on the way in and out of a subgraph.
 */

type Data = Record<string, unknown>

/** Merges `source` into `target`, deep through objects and through lists of the same length. */
export function deepMerge(target: unknown, source: unknown): unknown {
  if (source === undefined || source === null) return target
  const into = target as Data
  const from = source as Data
  for (const key of Object.keys(from)) {
    const value = from[key]
    if (value === undefined) continue
    ownSlot(into, key)
    const existing = into[key]
    if (existing && isObject(value)) deepMerge(existing, value)
    else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i], value[i])
        else existing[i] = value[i]
      }
    } else into[key] = value
  }
  return target
}

const isObject = (value: unknown): value is Data =>
  value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)

/** A key inherited from the prototype ("constructor", "toString") becomes the object's own before it is written. */
function ownSlot(object: Data, key: string) {
  if (!Object.hasOwn(object, key) && key in object)
    Object.defineProperty(object, key, { configurable: true, enumerable: true, value: undefined, writable: true })
}

const FRAGMENT_PREFIX = '... on '

export function applyRewrites(schema: GraphQLSchema, rewrites: FetchDataRewrite[] | undefined, value: unknown): void {
  if (!rewrites) return
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue
    const last = rewrite.path[rewrite.path.length - 1]!
    if (last.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path}`)
    const apply =
      rewrite.kind === 'ValueSetter'
        ? (object: Data) => {
            ownSlot(object, last)
            object[last] = rewrite.setValueTo
          }
        : (object: Data) => {
            const found = Object.hasOwn(object, last) ? object[last] : undefined
            if (found) {
              ownSlot(object, rewrite.renameKeyTo)
              object[rewrite.renameKeyTo] = found
              object[last] = undefined
            }
          }
    applyAtPath(schema, rewrite.path.slice(0, -1), value, apply)
  }
}

function applyAtPath(schema: GraphQLSchema, path: string[], value: unknown, apply: (object: Data) => void): void {
  if (Array.isArray(value)) {
    for (const element of value) applyAtPath(schema, path, element, apply)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const object = value as Data
  if (path.length === 0) return apply(object)
  const [first, ...rest] = path as [string, ...string[]]
  if (first.startsWith(FRAGMENT_PREFIX)) {
    if (isObjectOfType(schema, object, first.slice(FRAGMENT_PREFIX.length), true))
      applyAtPath(schema, rest, object, apply)
  } else {
    applyAtPath(schema, rest, Object.hasOwn(object, first) ? object[first] : undefined, apply)
  }
}

/** Whether an object of the result (by its __typename) is of `typeCondition`. */
export function isObjectOfType(schema: GraphQLSchema, object: Data, typeCondition: string, unknownIs = false): boolean {
  const typename = object.__typename as string | undefined
  if (!typename) return unknownIs
  if (typeCondition === typename) return true
  const type = schema.getType(typename)
  const condition = schema.getType(typeCondition)
  if (!type || !condition || !isAbstractType(condition)) return false
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type)
}
