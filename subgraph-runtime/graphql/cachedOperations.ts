import {
  execute,
  getOperationAST,
  getVariableValues,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql'
import { LRUCache } from 'lru-cache'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../contracts/identity'
import type { OperationObservation } from '../../platform/metrics/operationMetrics'
import { anonymousOperations } from '../../platform/graphql/requireIdentity'

/**
 * The subgraph's own executor for the operations it has already seen valid: what the gateway sends
 * all day (its query plans' fetches, a few dozen documents). It parses and validates a document
 * once, then runs graphql-js directly, with none of Apollo Server's per-request machinery (request
 * pipeline, plugin dispatch, HTTP head objects), which cost a third of a small entity fetch.
 *
 * It answers only where its answer is Apollo Server's, byte for byte, as the differential test
 * shows (__tests__/cachedOperations.test.ts). Everything else — a document that does not parse or
 * validate, an operation it cannot pick, variables that do not coerce, an anonymous caller outside
 * its allowed root fields, a subscription, a request shape it does not know — is declined
 * (undefined) before any resolver runs, and Apollo Server answers it as before, with its own
 * messages, codes and statuses.
 */
export interface CachedOperationSettings<TContext> {
  schema: GraphQLSchema
  /** Introspection allowed (Apollo Server's default: outside NODE_ENV=production). */
  introspection: boolean
  /** Root fields an anonymous caller may use; any other operation of theirs is declined. */
  anonymousRootFields: readonly string[]
  /** Apollo Server's `formatError` chain, applied to every error of an answer. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError
  /** Extensions the context adds to its response (the users context's grants versions). */
  responseExtensions?: (context: TContext) => Record<string, unknown> | undefined
  /** Told the operation's name once it is picked, and the formatted errors once answered. */
  observe?: () => OperationObservation
  /** Distinct documents kept (least recently used goes first). */
  maxDocuments?: number
}

export interface CachedAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

interface GraphQLPostBody {
  query: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
}

export interface CachedOperations<TContext> {
  /** The answer to a parsed POST body, or undefined: Apollo Server must answer this one. */
  answer(
    body: unknown,
    identity: Identity | null,
    createContext: () => Promise<TContext>,
  ): Promise<CachedAnswer | undefined>
}

export function cachedOperations<TContext>(settings: CachedOperationSettings<TContext>): CachedOperations<TContext> {
  const rules = settings.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule]
  const anonymousMayRun = anonymousOperations(settings.anonymousRootFields)
  // A document that failed is not kept: Apollo answers it each time, as it did before.
  const documents = new LRUCache<string, DocumentNode>({ max: settings.maxDocuments ?? 1000 })

  const validDocument = (query: string): DocumentNode | undefined => {
    const known = documents.get(query)
    if (known) return known
    let document: DocumentNode
    try {
      document = parse(query)
    } catch {
      return undefined
    }
    if (validate(settings.schema, document, rules).length > 0) return undefined
    documents.set(query, document)
    return document
  }

  return {
    async answer(body, identity, createContext) {
      if (!isGraphQLPostBody(body)) return undefined
      const document = validDocument(body.query)
      if (!document) return undefined
      const operation = getOperationAST(document, body.operationName ?? undefined)
      if (!operation || operation.operation === 'subscription') return undefined
      if (!identity && !anonymousMayRun(operation)) return undefined
      const variables = body.variables ?? undefined
      const coerced = getVariableValues(settings.schema, operation.variableDefinitions ?? [], variables ?? {})
      if (coerced.errors) return undefined

      const operationName = operation.name?.value
      const observation = settings.observe?.()
      observation?.resolved(operationName)
      const contextValue = await createContext()
      const result = await execute({
        schema: settings.schema,
        document,
        operationName: body.operationName ?? undefined,
        variableValues: variables,
        contextValue,
      })
      const { errors, status, headers } = formatErrors(result.errors ?? [], settings.formatError)
      const extensions = { ...result.extensions, ...settings.responseExtensions?.(contextValue) }
      observation?.answered(operationName, errors)
      // Apollo Server's field order (errors, data, extensions) and its trailing newline.
      const text =
        JSON.stringify({
          errors: errors.length ? errors : undefined,
          data: result.data,
          extensions: Object.keys(extensions).length ? extensions : undefined,
        }) + '\n'
      return {
        status: status ?? 200,
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
        body: text,
      }
    },
  }
}

function isGraphQLPostBody(body: unknown): body is GraphQLPostBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false
  const { query, variables, operationName, ...rest } = body as Record<string, unknown>
  // Extensions (persisted queries and the like) are Apollo Server's to read.
  if (Object.keys(rest).length > 0) return false
  if (typeof query !== 'string') return false
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return false
  return operationName == null || typeof operationName === 'string'
}

/**
 * Apollo Server's error formatting (errorNormalize.ts): every error gets a code
 * (INTERNAL_SERVER_ERROR when it has none), an `extensions.http` of status and headers moves onto
 * the response and out of the error, and then formatError has its say; a formatError that throws
 * leaves a bare internal error.
 */
function formatErrors(
  errors: readonly GraphQLError[],
  formatError: CachedOperationSettings<unknown>['formatError'],
): { errors: GraphQLFormattedError[]; status?: number; headers: Record<string, string> } {
  let status: number | undefined
  const headers: Record<string, string> = {}
  const formatted = errors.map((error) => {
    const extensions: Record<string, unknown> = {
      ...error.extensions,
      code: error.extensions.code ?? ErrorCodes.INTERNAL_SERVER_ERROR.code,
    }
    const http = extensions.http
    if (isHttpHead(http)) {
      if (http.status !== undefined) status = http.status
      for (const [name, value] of http.headers ?? []) headers[name] = value
      delete extensions.http
    }
    try {
      return formatError({ ...error.toJSON(), extensions }, error)
    } catch {
      return { message: 'Internal server error', extensions: { code: ErrorCodes.INTERNAL_SERVER_ERROR.code } }
    }
  })
  return { errors: formatted, status, headers }
}

/** Apollo Server's test for an `extensions.http` it moves onto the response. */
function isHttpHead(value: unknown): value is { status?: number; headers?: Map<string, string> } {
  if (!value || typeof value !== 'object') return false
  const head = value as { status?: unknown; headers?: unknown }
  return (
    (!('status' in head) || typeof head.status === 'number') && (!('headers' in head) || head.headers instanceof Map)
  )
}
