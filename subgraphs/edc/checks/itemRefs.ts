import type { FormDefinition, ItemDataType, ItemDef, ItemGroupDef, ItemRef } from '../definitions/formDefinition'

/** The group and item an edit check's reference names, if the form has them (the item in that group). */
export function resolveRef(form: FormDefinition, ref: ItemRef): { group: ItemGroupDef; item: ItemDef } | undefined {
  const group = form.itemGroups.find((candidate) => candidate.oid === ref.group)
  const item = group?.items.find((candidate) => candidate.oid === ref.item)
  return group && item ? { group, item } : undefined
}

/**
 * What a value can be compared with: numbers with numbers, dates (full or partial) with dates, and
 * text or codes only for equality (an order of free text or coded answers means nothing clinically).
 */
export type ValueClass = 'number' | 'date' | 'text'

export function valueClass(dataType: ItemDataType): ValueClass {
  if (dataType === 'INTEGER' || dataType === 'DECIMAL') return 'number'
  if (dataType === 'DATE' || dataType === 'PARTIAL_DATE') return 'date'
  return 'text'
}
