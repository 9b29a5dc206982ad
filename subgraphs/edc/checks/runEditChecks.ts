import type { FormDefinition, FormValues, ItemGroupDef } from '../definitions/formDefinition'
import type { CheckFinding } from './checkFinding'
import { checkItem, type ItemCheckContext } from './itemChecks'
import type { ParsedOk } from './itemValue'
import { dateBounds, readDate } from './partialDate'
import { baselineFindings, compareFindings, type SavedValues } from './ruleChecks'

// Callers take the finding type from here, with the function that makes them.
export type { CheckFinding } from './checkFinding'

/**
 * The server-side edit checks of one form save (the client may run the same ones for speed, but only
 * these decide): every value against its ItemDef, then the form's rules. Pure: the day of entry comes
 * in as `today` (the site's calendar day, which the caller knows), the baseline visit's values too.
 *
 * HARD findings refuse the save; SOFT ones open queries. Findings come in form order (groups, rows,
 * items; a value's own checks before the rules about it) so a re-run lists them the same way.
 */
export interface EditCheckInput {
  form: FormDefinition
  values: FormValues
  /** The same form's values at the patient's baseline visit; null at baseline or before it is entered. */
  baseline: FormValues | null
  completing: boolean
  /** YYYY-MM-DD. */
  today: string
}

export interface EditCheckResult {
  findings: CheckFinding[]
  /** Every group of the form with every item per row (blank → null), normalised; unknown ones left out. */
  normalized: FormValues
}

type Row = Readonly<Record<string, string | null>>
/** Where a finding sorts: group index, row, item index (-1: the row itself). */
type Positioned = { at: [number, number, number]; finding: CheckFinding }

function todayOf(text: string): ItemCheckContext['today'] {
  const reading = readDate(text, false)
  // A programming error, not a site's: the caller computes today.
  if (!reading.ok) throw new RangeError(`today must be a calendar date YYYY-MM-DD, got '${text}'`)
  return { text, day: dateBounds(reading.date)[0] }
}

const cellKey = (group: string, row: number, item: string) => `${group}\u0000${row}\u0000${item}`

function unknown(checkId: string, group: string, row: number, item: string, message: string): CheckFinding {
  return { checkId, kind: 'UNKNOWN_ITEM', severity: 'HARD', group, row, item, message }
}

/** Checks one group's rows; returns them normalised and records what was read in `saved`. */
function checkGroup(
  group: ItemGroupDef,
  groupIndex: number,
  given: ReadonlyArray<Row> | undefined,
  context: ItemCheckContext,
  saved: Map<string, ParsedOk>,
  out: Positioned[],
): Row[] {
  // A non-repeating group always has its one row, entered or not, so its required items count on
  // completion; a repeating group has the rows entered (a form with no medication has none).
  const rows = group.repeating ? (given ?? []) : [given?.[0] ?? {}]
  if (!group.repeating) {
    ;(given ?? []).slice(1).forEach((_, index) => {
      const row = index + 2
      const message = `${group.name} has a single row; row ${row} is not part of the form`
      out.push({ at: [groupIndex, row, -1], finding: unknown(`${group.oid}.ROWS`, group.oid, row, '', message) })
    })
  }
  return rows.map((row, index) => {
    const rowNumber = index + 1
    const result: Record<string, string | null> = {}
    group.items.forEach((item, itemIndex) => {
      const outcome = checkItem(item, row[item.oid], context, { group: group.oid, row: rowNumber, item: item.oid })
      result[item.oid] = outcome.normalized
      if (outcome.value) saved.set(cellKey(group.oid, rowNumber, item.oid), outcome.value)
      for (const finding of outcome.findings) out.push({ at: [groupIndex, rowNumber, itemIndex], finding })
    })
    const strangers = Object.keys(row).filter((key) => !group.items.some((item) => item.oid === key))
    for (const key of strangers.sort()) {
      const message = `${key} is not an item of ${group.name} on this form`
      const finding = unknown(`${key}.UNKNOWN_ITEM`, group.oid, rowNumber, key, message)
      out.push({ at: [groupIndex, rowNumber, group.items.length], finding })
    }
    return result
  })
}

function ruleFindings(input: EditCheckInput, saved: SavedValues): CheckFinding[] {
  return input.form.checks.flatMap((check) => {
    if (check.kind === 'COMPARE') return compareFindings(input.form, check, saved)
    const baselineRaw = input.baseline?.[check.item.group]?.[0]?.[check.item.item]
    return baselineFindings(input.form, check, saved, baselineRaw)
  })
}

function byPosition(a: Positioned, b: Positioned): number {
  return a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.at[2] - b.at[2]
}

export function runEditChecks(input: EditCheckInput): EditCheckResult {
  const { form, values } = input
  const context: ItemCheckContext = {
    codeLists: form.codeLists,
    completing: input.completing,
    today: todayOf(input.today),
  }
  const out: Positioned[] = []
  const read = new Map<string, ParsedOk>()
  const normalized: Record<string, Row[]> = {}
  form.itemGroups.forEach((group, groupIndex) => {
    normalized[group.oid] = checkGroup(group, groupIndex, values[group.oid], context, read, out)
  })
  const strangers = Object.keys(values).filter((key) => !form.itemGroups.some((group) => group.oid === key))
  for (const key of strangers.sort()) {
    const message = `${key} is not an item group of ${form.name}`
    out.push({ at: [form.itemGroups.length, 1, -1], finding: unknown(`${key}.UNKNOWN_ITEM`, key, 1, '', message) })
  }

  const saved: SavedValues = {
    valueAt: (group, row, item) => read.get(cellKey(group, row, item)) ?? null,
    rowCount: (group) => normalized[group]?.length ?? 0,
  }
  for (const finding of ruleFindings(input, saved)) {
    const groupIndex = form.itemGroups.findIndex((group) => group.oid === finding.group)
    const itemIndex = form.itemGroups[groupIndex].items.findIndex((item) => item.oid === finding.item)
    out.push({ at: [groupIndex, finding.row, itemIndex], finding })
  }
  // Array.prototype.sort is stable: within one value, its own checks stay before the rules, in form order.
  return { findings: out.sort(byPosition).map((entry) => entry.finding), normalized }
}
