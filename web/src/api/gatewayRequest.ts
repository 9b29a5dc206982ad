import { stringifyDocument } from '@urql/core'
import type { TypedDocumentNode } from '@graphql-typed-document-node/core'

/** An error the gateway answered with: its stable code from the error registry, and its words. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export const GRAPHQL_PATH = '/graphql'

/**
 * One operation over HTTP outside the urql client: signing in and refreshing, which must not
 * wait behind the client's own authentication. Throws GatewayError with the first error's code.
 */
export async function gatewayRequest<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  let response: Response
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: stringifyDocument(document), variables }),
    })
  } catch {
    throw new GatewayError('The server cannot be reached. Check the connection and try again.', 'NETWORK')
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: Result | null
    errors?: { message: string; extensions?: Record<string, unknown> }[]
  }
  const error = body.errors?.[0]
  if (error) throw new GatewayError(error.message, String(error.extensions?.code ?? 'ERROR'), error.extensions)
  if (!body.data) throw new GatewayError(`The server answered ${response.status} without data.`, 'BAD_RESPONSE')
  return body.data
}
