import { Kind, type DocumentNode } from 'graphql'

/**
 * Whether a subgraph fetch may be sent twice: only a query. A mutation fetch is never repeated —
 * the first may have been applied before the connection broke. The entity fetches that follow a
 * mutation (to fill in its result's fields from other subgraphs) are queries and may be.
 *
 * The planner hands the fetch's DocumentNode when it has one; otherwise (subscription follow-up
 * fetches) the operation text it generated starts with its type, or with `{` for a query.
 */
export function isIdempotentFetch(document: DocumentNode | undefined, query: string | undefined): boolean {
  if (document) {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
    return operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'query'
  }
  return /^\s*(query\b|\{)/.test(query ?? '')
}
