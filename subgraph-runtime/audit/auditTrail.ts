import crypto from 'node:crypto'
import { isSecretKey, sameAuditValue, storedValue, toAuditJson, type AuditJson, type AuditJsonValue } from './auditJson'

/**
 * The audit trail every subgraph that writes keeps in its own database (table `audit_event`):
 * 21 CFR 11.10(e) — secure, computer-generated, time-stamped (UTC) records of who created,
 * changed or signed in, from which value to which, and why — and ICH E6(R3) 4.2.2. Each writer
 * below takes the *transaction client* of the change it records, so the change and its trail
 * commit together or not at all. The table is append-only at the database (see the migration).
 */

/** Who acted, as the audit trail records it. */
export interface AuditActor {
  /** Null for the system (e.g. the alert consumer) or an anonymous caller. */
  userId: string | null
  /** The roles the actor acted under, e.g. "CRC", or SYSTEM / ANONYMOUS. */
  role: string
  /** The request (or, for background work, the event) the action belongs to. */
  requestId: string
  traceId?: string | null
}

export const AUDIT_OPERATIONS = [
  'CREATE',
  'UPDATE',
  'SIGN_IN',
  'SIGN_IN_FAILED',
  'SIGN_OUT',
  'SESSION_REFRESHED',
  'SESSION_REVOKED',
  // 21 CFR 11.200(a): a signer re-entered their password for a signature (users context).
  'SIGNATURE_CONFIRMED',
  'SIGNATURE_CONFIRMATION_FAILED',
  // Staff administration (users context): an account invited and activated, a role granted or revoked.
  'INVITATION_ISSUED',
  'INVITATION_ACCEPTED',
  'ROLE_GRANTED',
  'ROLE_REVOKED',
  // An export job's read-only credential issued for a person's session (users context: contracts/exportCredential.ts).
  'EXPORT_CREDENTIAL_ISSUED',
  // Data leaving the system (exports context): who asked for which study, format and profile; the
  // job's end; each download link handed out and each download made with one.
  'EXPORT_REQUESTED',
  'EXPORT_COMPLETED',
  'EXPORT_FAILED',
  'EXPORT_CANCELLED',
  'EXPORT_LINK_ISSUED',
  'EXPORT_DOWNLOADED',
] as const
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number]

/** The record an event is about. */
export interface AuditEntity {
  type: string
  id: string
}

/** One row of `audit_event` as written (the database numbers it: `sequence`). */
export interface AuditEventInput {
  id: string
  occurredAt: Date
  actorUserId: string | null
  actorRole: string
  operation: AuditOperation
  entityType: string
  entityId: string
  field: string | null
  /** Absent (SQL NULL) when not applicable, or when the field had no value. */
  oldValue?: AuditJsonValue
  newValue?: AuditJsonValue
  reasonForChange: string | null
  requestId: string
  traceId: string | null
}

/** What the writers need of a subgraph's generated Prisma (transaction) client. */
export interface AuditTrailWriter {
  auditEvent: { createMany(args: { data: AuditEventInput[] }): PromiseLike<unknown> }
}

export interface FieldChange {
  field: string
  oldValue: AuditJson
  newValue: AuditJson
}

/**
 * The fields whose value differs between two versions of a record, in the order given (default:
 * every key of either version). Secrets are never compared, so never reported.
 */
export function changedFields(before: object, after: object, fields?: readonly string[]): FieldChange[] {
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  const names = fields ?? [...new Set([...Object.keys(b), ...Object.keys(a)])]
  return names
    .filter((field) => !isSecretKey(field) && !sameAuditValue(b[field], a[field]))
    .map((field) => ({ field, oldValue: toAuditJson(b[field]), newValue: toAuditJson(a[field]) }))
}

interface EventParts {
  field?: string | null
  oldValue?: unknown
  newValue?: unknown
  reasonForChange?: string | null
}

/** Builds one row (pure; the writers below store it). */
export function auditRow(
  actor: AuditActor,
  operation: AuditOperation,
  entity: AuditEntity,
  at: Date,
  parts: EventParts = {},
): AuditEventInput {
  return {
    id: crypto.randomUUID(),
    occurredAt: at,
    actorUserId: actor.userId,
    actorRole: actor.role,
    operation,
    entityType: entity.type,
    entityId: entity.id,
    field: parts.field ?? null,
    oldValue: storedValue(parts.oldValue),
    newValue: storedValue(parts.newValue),
    reasonForChange: parts.reasonForChange ?? null,
    requestId: actor.requestId,
    traceId: actor.traceId ?? null,
  }
}

/** The row of a record's creation (pure): new_value is the whole record, secrets left out. */
export function createdRow(actor: AuditActor, entity: AuditEntity, record: object, at: Date): AuditEventInput {
  return auditRow(actor, 'CREATE', entity, at, { newValue: record })
}

/** A record was created: its createdRow. */
export async function auditCreated(
  tx: AuditTrailWriter,
  actor: AuditActor,
  entity: AuditEntity,
  record: object,
  at: Date,
): Promise<void> {
  await tx.auditEvent.createMany({ data: [createdRow(actor, entity, record, at)] })
}

export interface RecordChange {
  before: object
  after: object
  /** The fields the change may touch (default: every field of either version). */
  fields?: readonly string[]
  reasonForChange?: string | null
}

/**
 * A record changed: one UPDATE row per changed field with its old and new value (21 CFR 11.10(e):
 * a change must not obscure the prior value). Nothing is written when nothing changed. Returns
 * the number of rows written.
 */
export async function auditUpdated(
  tx: AuditTrailWriter,
  actor: AuditActor,
  entity: AuditEntity,
  change: RecordChange,
  at: Date,
): Promise<number> {
  const rows = changedFields(change.before, change.after, change.fields).map((c) =>
    auditRow(actor, 'UPDATE', entity, at, {
      field: c.field,
      oldValue: c.oldValue,
      newValue: c.newValue,
      reasonForChange: change.reasonForChange,
    }),
  )
  if (rows.length) await tx.auditEvent.createMany({ data: rows })
  return rows.length
}

/** Anything else worth a line in the trail: sign-ins, failed sign-ins, sessions ended... */
export async function auditEvent(
  tx: AuditTrailWriter,
  actor: AuditActor,
  operation: AuditOperation,
  entity: AuditEntity,
  at: Date,
  values: { oldValue?: unknown; newValue?: unknown } = {},
): Promise<void> {
  await tx.auditEvent.createMany({ data: [auditRow(actor, operation, entity, at, values)] })
}
