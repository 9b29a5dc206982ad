import type { FormValues } from '../definitions/formDefinition'
import { itemKey } from './formIdentity'

/** A value at its place in a form. */
export interface PlacedValue {
  group: string
  row: number
  item: string
  value: string | null
}

/**
 * The form's values as the edit checks read them: per group, rows 1..n (a row missing in the
 * middle of a repeating group reads as a blank row, so row numbers stay the stored ones).
 */
export function toFormValues(values: readonly PlacedValue[]): FormValues {
  const groups: Record<string, Record<string, string | null>[]> = {}
  for (const v of values) {
    const rows = (groups[v.group] ??= [])
    while (rows.length < v.row) rows.push({})
    rows[v.row - 1]![v.item] = v.value
  }
  return groups
}

/** The value at a place of normalised form values (null when blank or absent). */
export const valueAt = (values: FormValues, group: string, row: number, item: string): string | null =>
  values[group]?.[row - 1]?.[item] ?? null

/** Stored values with the entered ones laid over them: what the form holds if the save goes through. */
export function overlay(stored: readonly PlacedValue[], entered: readonly PlacedValue[]): PlacedValue[] {
  const merged = new Map(stored.map((v) => [itemKey(v), v]))
  for (const v of entered) merged.set(itemKey(v), v)
  return [...merged.values()]
}
