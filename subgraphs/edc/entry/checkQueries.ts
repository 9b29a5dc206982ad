import crypto from 'node:crypto'
import type { DataQuery, FormData, Prisma } from '../generated/prisma/client'
import { auditRow, type AuditActor, type AuditEventInput } from '../../../subgraph-runtime/audit/auditTrail'
import { SYSTEM_ROLE } from '../../../subgraph-runtime/audit/auditActor'
import type { CheckFinding } from '../checks/checkFinding'
import { autoCloseOnRecheck } from '../lifecycle/queryLifecycle'

type Tx = Pick<Prisma.TransactionClient, 'dataQuery' | 'queryMessage'>

const AUTO_CLOSE_TEXT = 'Closed automatically: the edit check no longer fires after the data changed.'
const findingKey = (f: CheckFinding) => `${f.checkId}\u0000${f.group}\u0000${f.row}\u0000${f.item}`
const queryKey = (q: DataQuery) => `${q.checkId}\u0000${q.groupOid}\u0000${q.row}\u0000${q.itemOid}`

/**
 * Brings a form's edit-check queries in line with its soft findings after a save: a finding with
 * no query not yet closed opens one (the edit check is its author, so the thread says what fired);
 * an edit-check query whose finding no longer fires is closed, saying why. A finding already
 * queried opens nothing (one query per finding, not per save; a partial unique index backs this).
 * Manual queries are people's questions and are left alone.
 */
export async function reconcileCheckQueries(
  tx: Tx,
  form: FormData,
  soft: readonly CheckFinding[],
  actor: AuditActor,
  at: Date,
  audit: AuditEventInput[],
): Promise<{ openedQueries: DataQuery[]; closedQueries: DataQuery[]; openQueryCount: number }> {
  // Every query not closed is read (manual ones too) so the answer knows the form's count of them.
  const notClosed = await tx.dataQuery.findMany({ where: { formDataId: form.id, status: { not: 'CLOSED' } } })
  const existing = notClosed.filter((q) => q.origin === 'EDIT_CHECK')
  const firing = new Set(soft.map(findingKey))
  const queried = new Set(existing.map(queryKey))
  const system = { ...actor, userId: null, role: SYSTEM_ROLE }

  const toOpen = soft.filter((f) => !queried.has(findingKey(f)))
  const openedQueries: DataQuery[] = toOpen.map((f) => ({
    id: crypto.randomUUID(),
    formDataId: form.id,
    patientId: form.patientId,
    studyId: form.studyId,
    siteId: form.siteId,
    groupOid: f.group,
    row: f.row,
    itemOid: f.item,
    origin: 'EDIT_CHECK',
    checkId: f.checkId,
    status: 'OPEN',
    openedAt: at,
    openedBy: null,
    updatedAt: at,
  }))
  if (openedQueries.length) {
    await tx.dataQuery.createMany({ data: openedQueries })
    await tx.queryMessage.createMany({
      data: openedQueries.map((q, i) => ({
        id: crypto.randomUUID(),
        queryId: q.id,
        action: 'OPEN' as const,
        text: toOpen[i]!.message,
        authorUserId: null,
        authorRole: SYSTEM_ROLE,
        createdAt: at,
      })),
    })
    for (const q of openedQueries)
      audit.push(auditRow(system, 'CREATE', { type: 'DataQuery', id: q.id }, at, { newValue: q }))
  }

  const toClose = existing.filter((q) => autoCloseOnRecheck(q, firing.has(queryKey(q))))
  if (toClose.length) {
    const ids = toClose.map((q) => q.id)
    await tx.dataQuery.updateMany({ where: { id: { in: ids } }, data: { status: 'CLOSED', updatedAt: at } })
    await tx.queryMessage.createMany({
      data: ids.map((queryId) => ({
        id: crypto.randomUUID(),
        queryId,
        action: 'CLOSE' as const,
        text: AUTO_CLOSE_TEXT,
        authorUserId: null,
        authorRole: SYSTEM_ROLE,
        createdAt: at,
      })),
    })
    for (const q of toClose)
      audit.push(
        auditRow(system, 'UPDATE', { type: 'DataQuery', id: q.id }, at, {
          field: 'status',
          oldValue: q.status,
          newValue: 'CLOSED',
          reasonForChange: AUTO_CLOSE_TEXT,
        }),
      )
  }
  return {
    openedQueries,
    closedQueries: toClose.map((q) => ({ ...q, status: 'CLOSED', updatedAt: at })),
    openQueryCount: notClosed.length - toClose.length + openedQueries.length,
  }
}
