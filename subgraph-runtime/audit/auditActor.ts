import type { Grant, Identity } from '../../contracts/identity'
import type { AuditActor } from './auditTrail'
import { activeTraceFields } from '../../platform/telemetry/traceContext'

/** Roles recorded for actions no person took: background work, and callers not signed in. */
export const SYSTEM_ROLE = 'SYSTEM'
export const ANONYMOUS_ROLE = 'ANONYMOUS'
/** A signed-in user who holds no role at all (e.g. every grant revoked). */
export const NO_ROLE = 'NONE'

/** The roles a set of grants carries, once each in a stable order: "CRC,DATA_MANAGER". */
export function rolesOf(grants: readonly Pick<Grant, 'role'>[]): string {
  const roles = [...new Set(grants.map((g) => g.role))].sort()
  return roles.length ? roles.join(',') : NO_ROLE
}

/** The caller of a request, as the gateway vouched for them (null identity: anonymous). */
export function requestActor(identity: Identity | null, requestId: string): AuditActor {
  const traceId = activeTraceFields()?.trace_id ?? null
  return identity
    ? { userId: identity.userId, role: rolesOf(identity.grants), requestId, traceId }
    : { userId: null, role: ANONYMOUS_ROLE, requestId, traceId }
}

/** Background work acting on its own (the alert consumer): no user, role SYSTEM. */
export function systemActor(requestId: string): AuditActor {
  return { userId: null, role: SYSTEM_ROLE, requestId, traceId: activeTraceFields()?.trace_id ?? null }
}
