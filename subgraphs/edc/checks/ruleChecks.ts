import type { CodeList, EditCheckDef, FormDefinition, ItemDef } from '../definitions/formDefinition'
import type { CheckFinding } from './checkFinding'
import { resolveRef } from './itemRefs'
import { parseItemValue, type ParsedOk } from './itemValue'
import { dateBounds } from './partialDate'

type CompareCheck = Extract<EditCheckDef, { kind: 'COMPARE' }>
type BaselineCheck = Extract<EditCheckDef, { kind: 'CHANGE_FROM_BASELINE' }>
type Operator = CompareCheck['operator']

/** The values of this save that were read successfully, by group, row (1-based) and item. */
export interface SavedValues {
  valueAt(group: string, row: number, item: string): ParsedOk | null
  rowCount(group: string): number
}

/** The values a number or a (partial) date can stand for: a point for numbers and full dates. */
function interval(value: ParsedOk): [number, number] | null {
  if (value.numeric !== undefined) return [value.numeric, value.numeric]
  return value.date ? dateBounds(value.date) : null
}

/**
 * Whether `left operator right` is false whatever a partial date's unknown part turns out to be.
 * A rule fires only then: "end 2024, start 2024-03-05" may well be right, so it is not queried,
 * while "end 2023" already contradicts it.
 */
function surelyFails(operator: Operator, left: ParsedOk, right: ParsedOk): boolean {
  const a = interval(left)
  const b = interval(right)
  if (!a || !b) {
    // Text and codes: equality only (the definition validator refuses an ordering of them).
    if (left.numeric !== undefined || left.date || right.numeric !== undefined || right.date) return false
    if (operator === '==') return left.normalized !== right.normalized
    return operator === '!=' && left.normalized === right.normalized
  }
  const [aLow, aHigh] = a
  const [bLow, bHigh] = b
  switch (operator) {
    case '<':
      return aLow >= bHigh
    case '<=':
      return aLow > bHigh
    case '>':
      return aHigh <= bLow
    case '>=':
      return aHigh < bLow
    case '==':
      return aHigh < bLow || bHigh < aLow
    case '!=':
      return aLow === aHigh && bLow === bHigh && aLow === bLow
  }
}

/**
 * A COMPARE rule: the condition the rule states must hold, e.g. end date >= start date; it fires
 * when it surely does not. Two items of one repeating group are compared row by row; an item of a
 * repeating group with one of a non-repeating group, each row with that single row. The finding sits
 * on the left item (the one the rule is about), once per row of it.
 */
export function compareFindings(form: FormDefinition, check: CompareCheck, saved: SavedValues): CheckFinding[] {
  const left = resolveRef(form, check.left)
  const right = resolveRef(form, check.right)
  if (!left || !right) return [] // reported by validateFormDefinition
  const sameGroup = left.group.oid === right.group.oid
  if (left.group.repeating && right.group.repeating && !sameGroup) return [] // likewise
  const leftRows = left.group.repeating ? saved.rowCount(left.group.oid) : 1
  const rightRows = right.group.repeating && !sameGroup ? saved.rowCount(right.group.oid) : 1
  const findings: CheckFinding[] = []
  for (let leftRow = 1; leftRow <= leftRows; leftRow++) {
    for (let rightRow = 1; rightRow <= rightRows; rightRow++) {
      const a = saved.valueAt(left.group.oid, leftRow, left.item.oid)
      const b = saved.valueAt(right.group.oid, sameGroup ? leftRow : rightRow, right.item.oid)
      if (a && b && surelyFails(check.operator, a, b)) {
        const place = { group: left.group.oid, row: leftRow, item: left.item.oid }
        findings.push({
          checkId: check.id,
          kind: 'COMPARE',
          severity: check.severity,
          ...place,
          message: check.message,
        })
        break // one finding per left row, however many right rows contradict it
      }
    }
  }
  return findings
}

function percent(value: number): string {
  return `${value > 0 ? '+' : ''}${value.toFixed(1)} %`
}

/**
 * A CHANGE_FROM_BASELINE rule: |value − baseline| / |baseline| × 100 > maxPercent. Skipped without a
 * readable baseline value, and for a baseline of 0, of which no percentage exists. |baseline| so a
 * negative baseline (a temperature in °F below 0, a score) still measures the size of the change.
 */
export function baselineFindings(
  form: FormDefinition,
  check: BaselineCheck,
  saved: SavedValues,
  baselineRaw: string | null | undefined,
): CheckFinding[] {
  const target = resolveRef(form, check.item)
  if (!target || baselineRaw === null || baselineRaw === undefined || baselineRaw.trim() === '') return []
  const current = saved.valueAt(target.group.oid, 1, target.item.oid)
  const baseline = baselineValue(target.item, baselineRaw, form.codeLists)
  if (current?.numeric === undefined || baseline === undefined || baseline === 0) return []
  const change = current.numeric - baseline
  // Compared without dividing, with a little slack for binary fractions: exactly maxPercent passes.
  const limit = check.maxPercent * Math.abs(baseline)
  if (Math.abs(change) * 100 <= limit * (1 + 1e-12)) return []
  const unit = target.item.unit ? ` ${target.item.unit}` : ''
  const detail = `baseline ${baselineRaw.trim()}${unit}, now ${current.normalized}${unit}: ${percent((change / Math.abs(baseline)) * 100)}`
  return [
    {
      checkId: check.id,
      kind: 'CHANGE_FROM_BASELINE',
      severity: check.severity,
      group: target.group.oid,
      row: 1,
      item: target.item.oid,
      message: `${check.message} (${detail})`,
    },
  ]
}

function baselineValue(item: ItemDef, raw: string, codeLists: readonly CodeList[]): number | undefined {
  const parsed = parseItemValue(item, raw, codeLists)
  return parsed.ok ? parsed.numeric : undefined
}
