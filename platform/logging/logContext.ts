import { AsyncLocalStorage } from 'node:async_hooks'
import type { Identity } from '../../contracts/identity'

/**
 * What every log line written while serving a request says about it, filled in as the request
 * goes: its id at arrival, the caller once authenticated, the operation once resolved, the
 * outcome when answered. Ids and names only, never patient data.
 */
export interface RequestLogFields {
  requestId: string
  userId?: string
  operation?: string
  outcome?: 'ok' | 'error'
  errorCodes?: string[]
}

const requests = new AsyncLocalStorage<RequestLogFields>()

/** Runs `next` (the rest of the request's handling) with these log fields in context. */
export function runWithRequestLogFields(fields: RequestLogFields, next: () => void): void {
  requests.run(fields, next)
}

export function requestLogFields(): RequestLogFields | undefined {
  return requests.getStore()
}

/** The caller, once known (null: anonymous, nothing to add). */
export function noteCaller(identity: Identity | null): void {
  const fields = requests.getStore()
  if (fields && identity) fields.userId = identity.userId
}
