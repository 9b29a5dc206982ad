import type { FormEntryQuery, FormStatus, ItemValueInput } from '../generated/operations'

export type EntryForm = NonNullable<FormEntryQuery['form']>
export type ItemGroup = EntryForm['definition']['itemGroups'][number]
export type ItemDefinition = ItemGroup['items'][number]
export type StoredValue = EntryForm['values'][number]
export type FormQuery = EntryForm['queries'][number]

/** An item's place on the form: its group, row (1-based) and item OID. */
export interface ItemRef {
  group: string
  row: number
  item: string
}

export const itemKey = ({ group, row, item }: ItemRef) => `${group}|${row}|${item}`

/** What the person typed, by item key; items they did not touch are absent (they keep theirs). */
export type Draft = Readonly<Record<string, string>>

/** The stored values by item key. */
export function storedByKey(values: readonly StoredValue[]): Map<string, StoredValue> {
  return new Map(values.map((v) => [itemKey(v), v]))
}

/**
 * The rows of a group to show: every row that holds a value, and for a repeating group one blank
 * row more to add a record (a non-repeating group has its one row).
 */
export function rowsOf(group: ItemGroup, values: readonly StoredValue[], draft: Draft): number[] {
  if (!group.repeating) return [1]
  const used = [
    ...values.filter((v) => v.group === group.oid && v.value !== null).map((v) => v.row),
    ...Object.keys(draft)
      .filter((key) => key.startsWith(`${group.oid}|`) && draft[key] !== '')
      .map((key) => Number(key.split('|')[1])),
  ]
  const last = used.length ? Math.max(...used) : 0
  return Array.from({ length: last + 1 }, (_, i) => i + 1)
}

/**
 * The values to send: what differs from the stored value. An emptied field is sent as null (the
 * API blanks the item); a blank field that was blank is not a change.
 */
export function changedValues(draft: Draft, stored: Map<string, StoredValue>): ItemValueInput[] {
  const changes: ItemValueInput[] = []
  for (const [key, typed] of Object.entries(draft)) {
    const before = stored.get(key)?.value ?? null
    const after = typed.trim() === '' ? null : typed.trim()
    if (after === before) continue
    const [group, row, item] = key.split('|') as [string, string, string]
    changes.push({ group, row: Number(row), item, value: after })
  }
  return changes
}

/** Statuses at which the form counts as complete: every change from then on needs a reason (21 CFR 11.10(e)). */
const COMPLETED: readonly FormStatus[] = ['COMPLETE', 'VERIFIED', 'SIGNED']

export const needsReasonForChange = (form: Pick<EntryForm, 'status' | 'completedAt'>) =>
  form.completedAt !== null || COMPLETED.includes(form.status)

/** Nothing may be entered: frozen or locked data (the server refuses with DATA_LOCKED anyway). */
export const isReadOnly = (form: Pick<EntryForm, 'lock'>) => form.lock !== 'NONE'

/** A message of an edit check, pinned to its item. */
export interface ItemMessage extends ItemRef {
  message: string
}

/** The findings an EDIT_CHECK_FAILED error carries in `extensions.findings`, checked for shape. */
export function findingsOf(extensions: Record<string, unknown> | undefined): ItemMessage[] {
  const findings = extensions?.findings
  if (!Array.isArray(findings)) return []
  return findings.flatMap((f: unknown) => {
    const { group, row, item, message } = (f ?? {}) as Record<string, unknown>
    if (typeof group !== 'string' || typeof item !== 'string' || typeof message !== 'string') return []
    return [{ group, row: typeof row === 'number' ? row : 1, item, message }]
  })
}

/** Messages grouped by item key, for showing each beside its field. */
export function byItem<T extends ItemRef>(entries: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const entry of entries) {
    const key = itemKey(entry)
    map.set(key, [...(map.get(key) ?? []), entry])
  }
  return map
}

/** A hint of what the field accepts, from its definition (the server checks it again). */
export function rangeHint(item: ItemDefinition): string | null {
  const parts: string[] = []
  if (item.softMin !== null || item.softMax !== null)
    parts.push(`expected ${item.softMin ?? '…'}–${item.softMax ?? '…'}`)
  if (item.hardMin !== null || item.hardMax !== null)
    parts.push(`accepted ${item.hardMin ?? '…'}–${item.hardMax ?? '…'}`)
  if (item.dataType === 'PARTIAL_DATE') parts.push('YYYY, YYYY-MM or YYYY-MM-DD')
  return parts.length ? parts.join('; ') : null
}
