/** Minimal GraphQL-over-HTTP client for tests: real HTTP, status and body both returned. */
export interface GraphQLResponse<TData = Record<string, any>> {
  status: number
  headers: Headers
  body: {
    data?: TData | null
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]
  }
}

export async function postGraphQL<TData = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<TData>['body'],
  }
}
