import {
  Prisma,
  type DataLock,
  type DataQuery,
  type FormData,
  type ItemData,
  type Signature,
} from '../generated/prisma/client'
import type { EdcPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditRow, type AuditActor, type AuditEventInput } from '../../../subgraph-runtime/audit/auditTrail'
import type { CheckFinding } from '../checks/checkFinding'
import { runEditChecks } from '../checks/runEditChecks'
import { definitionDocument } from '../forms/definitionDocument'
import { definitionRows } from '../data/definitionRows'
import { itemIdOf, itemKey, storedItemKey } from '../forms/formIdentity'
import { compareItems } from '../data/itemOrder'
import { overlay, toFormValues, valueAt, type PlacedValue } from '../forms/formValues'
import { EdcErrorCodes } from '../errorCodes'
import { baselineValues } from './baselineValues'
import { reconcileCheckQueries } from './checkQueries'
import { requireEditable } from '../locks/effectiveLock'
import { invalidateSignatures } from '../signatures/invalidateSignatures'

export interface SaveFormDataRequest {
  form: FormData
  expectedVersion: number
  values: readonly PlacedValue[]
  complete: boolean
  reasonForChange: string | null
  /** The latest calendar day anywhere on Earth now (a date after it is in the future for everyone). */
  today: string
  at: Date
}

export interface SaveFormDataResult {
  form: FormData
  warnings: CheckFinding[]
  openedQueries: DataQuery[]
  closedQueries: DataQuery[]
  /**
   * The form's state as committed, known from the transaction's own reads and writes: its values,
   * the lock rows over it, its count of queries not closed and (when values changed) the patient's
   * signatures. The answer is built from these
   * instead of reading them again.
   */
  settled: { items: ItemData[]; lockRows: DataLock[]; openQueryCount: number; signatures: Signature[] | null }
}

type Tx = Prisma.TransactionClient

/**
 * One save of a form, all or nothing, in one transaction:
 * 1. the form row is claimed at the version the caller read (a concurrent save blocks on the row,
 *    then finds the version moved: VERSION_CONFLICT, never a silent overwrite);
 * 2. freeze/lock refuses (DATA_LOCKED), the edit checks run over the form as it would be after the
 *    save; a hard finding refuses everything (EDIT_CHECK_FAILED, nothing written);
 * 3. a completed form changes only with a reason (REASON_FOR_CHANGE_REQUIRED);
 * 4. values are written with one audit row per changed value (old, new, reason: 21 CFR 11.10(e)),
 *    a changed verified value loses its verification (audited too), soft findings open queries and
 *    edit-check queries that no longer fire are closed.
 */
export async function saveFormData(
  prisma: EdcPrisma,
  request: SaveFormDataRequest,
  actor: AuditActor,
): Promise<SaveFormDataResult> {
  const { form, at } = request
  return prisma.$transaction(async (tx) => {
    const before = await claimForm(tx, form.id, request.expectedVersion, actor, at)
    const lockRows = await requireEditable(tx, before)
    const [definitionRow] = await definitionRows([before.definitionId], (missing) =>
      tx.formDefinition.findMany({ where: { id: { in: missing } } }),
    )
    const definition = definitionDocument(definitionRow!)
    const stored = await tx.itemData.findMany({ where: { formDataId: form.id } })
    const completing = request.complete || before.status === 'COMPLETE'
    const merged = overlay(
      stored.map((i) => ({ group: i.groupOid, row: i.row, item: i.itemOid, value: i.value })),
      request.values,
    )
    const baseline = await baselineValues(tx, before, definition)
    const { findings, normalized } = runEditChecks({
      form: definition,
      values: toFormValues(merged),
      baseline,
      completing,
      today: request.today,
    })
    const hard = findings.filter((f) => f.severity === 'HARD')
    if (hard.length)
      throw appError(
        EdcErrorCodes.EDIT_CHECK_FAILED,
        `${hard.length === 1 ? 'A value was' : `${hard.length} values were`} refused by the form's edit checks; nothing was saved. ${hard[0]!.message}`,
        { findings: hard.map(({ checkId, group, row, item, message }) => ({ checkId, group, row, item, message })) },
      )
    const changes = changedValues(stored, request.values, normalized)
    if (before.status === 'COMPLETE' && changes.length && !request.reasonForChange)
      throw appError(
        EdcErrorCodes.REASON_FOR_CHANGE_REQUIRED,
        'This form is complete: give a reason for changing its values (21 CFR 11.10(e)).',
      )
    const audit: AuditEventInput[] = []
    await writeValues(tx, before, changes, actor, at, request.reasonForChange, audit)
    const status = request.complete || before.status === 'COMPLETE' ? 'COMPLETE' : 'IN_PROGRESS'
    const after = await tx.formData.update({
      where: { id: form.id },
      data: { status, completedAt: status === 'COMPLETE' ? (before.completedAt ?? at) : null },
    })
    if (after.status !== before.status)
      audit.push(
        auditRow(actor, 'UPDATE', { type: 'FormData', id: form.id }, at, {
          field: 'status',
          oldValue: before.status,
          newValue: after.status,
          reasonForChange: request.reasonForChange,
        }),
      )
    const signatures = !changes.length
      ? null
      : await invalidateSignatures(
          tx,
          after,
          `Signed data changed: ${changes.map(itemKey).join(', ')}${request.reasonForChange ? ` (${request.reasonForChange})` : ''}`,
          actor,
          at,
          audit,
        )
    const soft = findings.filter((f) => f.severity === 'SOFT')
    const { openQueryCount, ...queries } = await reconcileCheckQueries(tx, after, soft, actor, at, audit)
    await tx.auditEvent.createMany({ data: audit })
    return {
      form: after,
      warnings: soft,
      ...queries,
      settled: { items: itemsAfter(stored, changes, after, actor, at), lockRows, openQueryCount, signatures },
    }
  })
}

/**
 * Claims the form at the version the caller read and returns it as claimed (UPDATE … RETURNING):
 * a concurrent save blocks on the row, then finds the version moved — VERSION_CONFLICT.
 */
async function claimForm(tx: Tx, id: string, expectedVersion: number, actor: AuditActor, at: Date) {
  const [claimed] = await tx.formData.updateManyAndReturn({
    where: { id, version: expectedVersion },
    data: { version: { increment: 1 }, updatedAt: at, updatedBy: actor.userId },
  })
  if (claimed) return claimed
  const current = await tx.formData.findUniqueOrThrow({ where: { id } })
  throw appError(
    EdcErrorCodes.VERSION_CONFLICT,
    `The form changed since you read it (version ${expectedVersion}, now ${current.version}); reload it and enter your change again.`,
    { currentVersion: current.version },
  )
}

/** The row of a value entered for the first time. */
const newItemRow = (form: FormData, c: ValueChange, actor: AuditActor, at: Date) => ({
  id: itemIdOf(form.id, c.group, c.row, c.item),
  formDataId: form.id,
  groupOid: c.group,
  row: c.row,
  itemOid: c.item,
  value: c.value,
  updatedAt: at,
  updatedBy: actor.userId,
})

/** The form's values once the save commits: the stored ones with the changes applied, in list order. */
function itemsAfter(
  stored: readonly ItemData[],
  changes: readonly ValueChange[],
  form: FormData,
  actor: AuditActor,
  at: Date,
): ItemData[] {
  const changed = new Map(changes.map((c) => [itemKey(c), c]))
  const written = { updatedAt: at, updatedBy: actor.userId, verifiedAt: null, verifiedBy: null }
  return [
    ...stored.map((s) => {
      const change = changed.get(storedItemKey(s))
      return change ? { ...s, ...written, value: change.value } : s
    }),
    ...changes
      .filter((c) => !c.before)
      .map((c) => ({ ...newItemRow(form, c, actor, at), verifiedAt: null, verifiedBy: null })),
  ].sort(compareItems)
}

interface ValueChange {
  group: string
  row: number
  item: string
  before: ItemData | null
  value: string | null
}

/** The entered values that differ from what is stored, each with its normalised value. */
function changedValues(
  stored: readonly ItemData[],
  entered: readonly PlacedValue[],
  normalized: ReturnType<typeof runEditChecks>['normalized'],
): ValueChange[] {
  const storedAt = new Map(stored.map((s) => [storedItemKey(s), s]))
  const changes: ValueChange[] = []
  for (const e of entered) {
    const before = storedAt.get(itemKey(e)) ?? null
    const value = e.value === null ? null : valueAt(normalized, e.group, e.row, e.item)
    if ((before?.value ?? null) !== value) changes.push({ group: e.group, row: e.row, item: e.item, before, value })
  }
  return changes
}

/** Writes the changed values and records each change; a changed verified value is unverified. */
async function writeValues(
  tx: Tx,
  form: FormData,
  changes: readonly ValueChange[],
  actor: AuditActor,
  at: Date,
  reasonForChange: string | null,
  audit: AuditEventInput[],
): Promise<void> {
  const created = changes.filter((c) => !c.before)
  if (created.length) await tx.itemData.createMany({ data: created.map((c) => newItemRow(form, c, actor, at)) })
  const updated = changes.filter((c) => c.before)
  if (updated.length)
    // One statement for every changed value (a 30-item save is not 30 round trips); a change clears
    // the value's verification, which must be done again against the source.
    await tx.$executeRaw`
      UPDATE item_data AS i
         SET value = v.value, updated_at = ${at}, updated_by = ${actor.userId}::uuid, verified_at = NULL, verified_by = NULL
        FROM (VALUES ${Prisma.join(updated.map((c) => Prisma.sql`(${c.before!.id}::uuid, ${c.value}::text)`))}) AS v(id, value)
       WHERE i.id = v.id`
  for (const c of updated.filter((c) => c.before!.verifiedAt !== null))
    audit.push(
      auditRow(actor, 'UPDATE', { type: 'ItemData', id: c.before!.id }, at, {
        field: 'verified',
        oldValue: true,
        newValue: false,
        reasonForChange: 'Source data verification cleared: the value changed after it was verified.',
      }),
    )
  for (const c of changes)
    audit.push(
      auditRow(
        actor,
        'UPDATE',
        { type: 'ItemData', id: c.before?.id ?? itemIdOf(form.id, c.group, c.row, c.item) },
        at,
        {
          field: itemKey(c),
          oldValue: c.before?.value ?? null,
          newValue: c.value,
          reasonForChange: form.status === 'COMPLETE' ? reasonForChange : null,
        },
      ),
    )
}
