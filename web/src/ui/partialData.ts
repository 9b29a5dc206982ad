import type { CombinedError } from '@urql/core'

/**
 * The gateway answers what it can: a field whose subgraph is down or missed its deadline is null,
 * with an error that names it by path (a missed deadline) or by the service it could not reach
 * (`extensions.serviceName`, no path). This finds such an error for a field, so the screen shows
 * "unavailable" in that field's place and the rest of the page as usual.
 */
export function fieldError(
  error: CombinedError | undefined,
  path: readonly (string | number)[],
  services: readonly string[] = [],
) {
  return error?.graphQLErrors.find((e) => {
    if (!e.path) return services.includes(e.extensions?.serviceName as string)
    return path.every((segment, i) => e.path![i] === segment)
  })
}

/** Whether the whole answer failed (no data at all), as opposed to some fields missing. */
export const failedEntirely = (data: unknown, error: CombinedError | undefined) => !data && !!error

export function errorMessage(error: CombinedError | undefined): string {
  if (!error) return ''
  if (error.networkError) return 'The server cannot be reached. Check the connection and try again.'
  return error.graphQLErrors[0]?.message ?? error.message
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.code as string | undefined
}
