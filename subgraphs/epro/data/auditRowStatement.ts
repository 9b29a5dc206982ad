import { Prisma } from '../generated/prisma/client'
import type { AuditEventInput } from '../../../subgraph-runtime/audit/auditTrail'

/** A value as a jsonb statement parameter: SQL NULL when there is no value, never JSON null. */
export const jsonParameter = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value)

/**
 * The INSERT of one audit row (made by the audit trail's pure builders) for statements that write
 * a record and its audit row together, as one atomic statement: the row is written once per row
 * of `source` (a data-modifying CTE's name), so nothing is audited when the record was not
 * inserted. `newValue` replaces the row's new value where the statement itself completes it.
 */
export function insertAuditRow(
  audit: AuditEventInput,
  source: 'submission' | 'alert',
  newValue: Prisma.Sql = Prisma.sql`${jsonParameter(audit.newValue)}::jsonb`,
): Prisma.Sql {
  return Prisma.sql`INSERT INTO audit_event (id, occurred_at, actor_user_id, actor_role, operation, entity_type, entity_id, field, old_value, new_value, reason_for_change, request_id, trace_id)
      SELECT ${audit.id}::uuid, ${audit.occurredAt.toISOString()}::timestamptz, ${audit.actorUserId}::uuid, ${audit.actorRole}::text, ${audit.operation}::text, ${audit.entityType}::text,
        ${audit.entityId}::text, ${audit.field}::text, ${jsonParameter(audit.oldValue)}::jsonb, ${newValue}, ${audit.reasonForChange}::text, ${audit.requestId}::text, ${audit.traceId}::text
      FROM ${Prisma.raw(source)}`
}
