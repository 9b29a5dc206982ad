import { GraphQLError } from 'graphql'

/**
 * The one way an error code comes into being. Every code a client can see in `extensions.code` is
 * defined with `defineErrorCodes` by the room that raises it — the codes any server raises in
 * `commonErrorCodes.ts`, the gateway's in `gateway/errorCodes.ts`, a subgraph's in its own
 * `errorCodes.ts` (declared on its SubgraphModule) — and raised through its definition, never as
 * a bare string. `npm run docs` prints docs/errors.md from all of them; a test fails when code
 * anywhere raises a code that no registry defines, or a registry defines one nothing raises.
 */
export interface ErrorCodeDefinition<C extends string = string> {
  readonly code: C
  /** Status for errors that end a whole HTTP request; field errors travel in a 200 response. */
  readonly httpStatus: number
  /** When a client gets it and what to do, for docs/errors.md. */
  readonly description: string
  /** Who raises it: `platform` (any server), `gateway` or a subgraph's name. */
  readonly owner: string
  /** Set when a library (Apollo Server, graphql-js) raises it, not our code. */
  readonly raisedBy?: string
}

type Definitions = Record<string, { httpStatus: number; description: string; raisedBy?: string }>

export type ErrorCodeRegistry<T extends Definitions = Definitions> = {
  readonly [K in keyof T & string]: ErrorCodeDefinition<K>
}

/** A room's codes: the key is the code. */
export function defineErrorCodes<const T extends Definitions>(owner: string, definitions: T): ErrorCodeRegistry<T> {
  const entries = Object.entries(definitions).map(([code, d]) => [code, Object.freeze({ code, owner, ...d })])
  return Object.freeze(Object.fromEntries(entries)) as ErrorCodeRegistry<T>
}

/** A client-facing GraphQL error carrying a registered code plus optional details. */
export function appError(
  definition: ErrorCodeDefinition,
  message: string,
  details: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code: definition.code } })
}

/** A GraphQL-over-HTTP error document for a refusal before any GraphQL work (send with `definition.httpStatus`). */
export function errorDocument(definition: ErrorCodeDefinition, message: string, details: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...details, code: definition.code } }] }
}
