import { ERRORS, errorCodeDef } from '@apollo/federation-internals'
import type { FetchNode, ResponsePath } from '@apollo/query-planner'
import { GraphQLError, type GraphQLFormattedError } from 'graphql'
import type { Cursor } from './planExecutor'

/**
 * A subgraph's errors as the client's: the path moved from the fetch's operation to the client's
 * response (an entity fetch's `_entities[i]` becomes the path of the i-th entity), the subgraph's
 * name added. Codes the subgraph set are kept (ours: DEADLINE_EXCEEDED, FORBIDDEN, ...). As
 * @apollo/gateway 2.14's downstreamServiceError.
 */
export function downstreamErrors(
  errors: readonly GraphQLFormattedError[],
  fetch: FetchNode,
  cursor: Cursor,
): GraphQLError[] {
  let hydrated: ResponsePath[] | undefined
  const pathOf = (path: readonly (string | number)[] | undefined): ResponsePath | undefined => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = []
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated)
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)]
    }
    return path ? [...cursor.path, ...path] : undefined
  }
  return errors.map((error) => {
    const message = error.message || `Error while fetching subquery from service "${fetch.serviceName}"`
    const options = {
      originalError: error as Error,
      path: pathOf(error.path),
      extensions: { ...error.extensions, serviceName: fetch.serviceName },
    }
    const code = errorCodeDef(error as GraphQLError)
    if (!code && error.extensions?.code) return new GraphQLError(message, options)
    return (code ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options)
  })
}

/**
 * The path of every entity a Flatten path (`patient.visits.@.forms.@`) reaches in the result so
 * far, in the order the entity fetch sent them: the i-th is the path of `_entities[i]`.
 */
function generateHydratedPaths(parent: ResponsePath, path: ResponsePath, data: unknown, result: ResponsePath[]): void {
  if (data == null) return
  const head = path[0]
  if (head == null) {
    result.push(parent.slice())
  } else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`')
    data.forEach((value, i) => {
      parent.push(i)
      generateHydratedPaths(parent, path.slice(1), value, result)
      parent.pop()
    })
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      data.forEach((value, i) => {
        parent.push(i)
        generateHydratedPaths(parent, path, value, result)
        parent.pop()
      })
    } else if (Object.hasOwn(data, head)) {
      parent.push(head)
      generateHydratedPaths(parent, path.slice(1), (data as Record<string, unknown>)[head], result)
      parent.pop()
    }
  } else {
    throw new Error(`unknown path part "${head}"`)
  }
}
