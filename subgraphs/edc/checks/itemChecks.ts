import type { CodeList, ItemDef } from '../definitions/formDefinition'
import { itemFinding, type CheckFinding, type Place } from './checkFinding'
import { parseItemValue, type ParsedOk } from './itemValue'
import { dateBounds } from './partialDate'

/** What a save brings to every item check. */
export interface ItemCheckContext {
  codeLists: readonly CodeList[]
  /** Marking the form complete: required items must then have values; an in-progress save may leave blanks. */
  completing: boolean
  /** The day of entry, YYYY-MM-DD and as YYYYMMDD (see dateBounds). */
  today: { text: string; day: number }
}

export interface ItemOutcome {
  findings: CheckFinding[]
  /** What to store: the normalised value, the trimmed entry when it could not be read, null when blank. */
  normalized: string | null
  /** The value read, for the form's rules; null when blank or unreadable (already reported). */
  value: ParsedOk | null
}

type Range = ItemDef['hardRange']

function withUnit(value: number | string, item: ItemDef): string {
  return item.unit ? `${value} ${item.unit}` : `${value}`
}

function describeRange(range: NonNullable<Range>, item: ItemDef): string {
  if (range.min !== undefined && range.max !== undefined) return `${range.min}–${withUnit(range.max, item)}`
  if (range.min !== undefined) return `at least ${withUnit(range.min, item)}`
  return `at most ${withUnit(range.max ?? '', item)}`
}

/** The bounds are inside: a systolic pressure of exactly 300 is accepted when 300 is the hard maximum. */
function outside(value: number, range: Range): { side: 'below'; min: number } | { side: 'above'; max: number } | null {
  if (range?.min !== undefined && value < range.min) return { side: 'below', min: range.min }
  if (range?.max !== undefined && value > range.max) return { side: 'above', max: range.max }
  return null
}

// Hard first: a value outside the hard range is refused, so whether it is also odd does not matter.
function rangeFindings(item: ItemDef, value: ParsedOk, place: Place): CheckFinding[] {
  if (value.numeric === undefined) return []
  const hard = outside(value.numeric, item.hardRange)
  if (hard) {
    const limit = hard.side === 'below' ? `at least ${withUnit(hard.min, item)}` : `at most ${withUnit(hard.max, item)}`
    return [itemFinding(place, 'RANGE', 'HARD', `${item.label} must be ${limit}`)]
  }
  const soft = outside(value.numeric, item.softRange)
  if (!soft || !item.softRange) return []
  const message =
    `${item.label} ${withUnit(value.normalized, item)} is ${soft.side} the expected range ` +
    `(${describeRange(item.softRange, item)}); please confirm or correct it`
  return [itemFinding(place, 'RANGE', 'SOFT', message)]
}

// A partial date is in the future only when all of it is: "2024-06" is fine on 2024-06-01.
function futureDateFindings(
  item: ItemDef,
  value: ParsedOk,
  today: ItemCheckContext['today'],
  place: Place,
): CheckFinding[] {
  if (value.date === undefined || item.noFutureDate === false) return []
  if (dateBounds(value.date)[0] <= today.day) return []
  const message = `${item.label} must not be in the future (today is ${today.text})`
  return [itemFinding(place, 'FUTURE_DATE', 'HARD', message)]
}

/** The checks one item's ItemDef states, on the value entered in one row. */
export function checkItem(
  item: ItemDef,
  raw: string | null | undefined,
  context: ItemCheckContext,
  place: Place,
): ItemOutcome {
  const text = raw?.trim() ?? ''
  if (text === '') {
    const required = item.required && context.completing
    const findings = required ? [itemFinding(place, 'REQUIRED', 'HARD', `${item.label} is required`)] : []
    return { findings, normalized: null, value: null }
  }
  const parsed = parseItemValue(item, text, context.codeLists)
  if (!parsed.ok)
    return { findings: [itemFinding(place, parsed.kind, 'HARD', parsed.message)], normalized: text, value: null }
  const findings = [...rangeFindings(item, parsed, place), ...futureDateFindings(item, parsed, context.today, place)]
  return { findings, normalized: parsed.normalized, value: parsed }
}
