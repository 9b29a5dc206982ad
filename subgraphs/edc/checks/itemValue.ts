import type { CodeList, ItemDef } from '../definitions/formDefinition'
import { readDate, type PartialDate } from './partialDate'

/**
 * One entered value read against its ItemDef: its type, format, code list and length (the hard
 * checks a value fails on its own, whatever else the form holds). Ranges, future dates and the
 * form's rules are judged on the result by the edit checks.
 *
 * `normalized` is what gets stored, so the same answer is stored the same way whoever typed it:
 * - every value is trimmed;
 * - INTEGER: no '+', no leading zeros, no '-0' ('+007' → '7');
 * - DECIMAL: the same, and '.5' → '0.5'; the decimals are kept as entered ('36.50' stays '36.50'
 *   when the item allows 2): they record the precision the site measured with, and source data
 *   verification compares the stored value with the site's source document as written;
 * - DATE / PARTIAL_DATE / CODED / TEXT: the trimmed text (the formats admit one spelling only).
 *
 * A blank value is the caller's to judge (required or not); here it is refused like any other.
 */
export type ParsedValue =
  | { ok: true; normalized: string; numeric?: number; date?: PartialDate }
  | { ok: false; kind: 'TYPE' | 'CODELIST' | 'LENGTH'; message: string }

export type ParsedOk = Extract<ParsedValue, { ok: true }>

function refuse(kind: 'TYPE' | 'CODELIST' | 'LENGTH', message: string): ParsedValue {
  return { ok: false, kind, message }
}

/** Digits without leading zeros, and a sign only when the number is not zero. */
function canonicalNumber(sign: string, whole: string, fraction: string | undefined): string {
  const digits = whole.replace(/^0+/, '') || '0'
  const text = fraction === undefined ? digits : `${digits}.${fraction}`
  return sign === '-' && /[1-9]/.test(text) ? `-${text}` : text
}

const INTEGER = /^([+-]?)(\d+)$/
// Digits before the point may be left out ('.5'), digits after it may not ('5.' is a typo or a cut-off).
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d+))?$/

function parseInteger(item: ItemDef, text: string): ParsedValue {
  const match = INTEGER.exec(text)
  if (!match) return refuse('TYPE', `${item.label} must be a whole number`)
  const normalized = canonicalNumber(match[1], match[2], undefined)
  const numeric = Number(normalized)
  // Past 2^53 a number no longer holds every integer: the value stored would not be the one entered.
  if (!Number.isSafeInteger(numeric)) return refuse('TYPE', `${item.label} is too large a number`)
  return { ok: true, normalized, numeric }
}

function decimalPlaces(count: number): string {
  if (count === 0) return 'no decimal places'
  return count === 1 ? 'at most 1 decimal place' : `at most ${count} decimal places`
}

function parseDecimal(item: ItemDef, text: string): ParsedValue {
  const match = DECIMAL.exec(text)
  if (!match || (match[2] === '' && match[3] === undefined)) {
    const hint = text.includes(',') ? ' (use a point for decimals)' : ''
    return refuse('TYPE', `${item.label} must be a number, e.g. 72.5${hint}`)
  }
  const fraction = match[3]
  if (item.precision !== undefined && (fraction?.length ?? 0) > item.precision) {
    return refuse('TYPE', `${item.label} must have ${decimalPlaces(item.precision)}`)
  }
  const normalized = canonicalNumber(match[1], match[2], fraction)
  return { ok: true, normalized, numeric: Number(normalized) }
}

function parseDate(item: ItemDef, text: string): ParsedValue {
  const partial = item.dataType === 'PARTIAL_DATE'
  const reading = readDate(text, partial)
  if (reading.ok) return { ok: true, normalized: text, date: reading.date }
  if (reading.problem === 'CALENDAR') return refuse('TYPE', `${item.label} ${text} is not a real calendar date`)
  const formats = partial ? 'YYYY-MM-DD, or YYYY-MM or YYYY when only partly known' : 'YYYY-MM-DD'
  return refuse('TYPE', `${item.label} must be a date written ${formats}, e.g. 2024-03-15`)
}

function parseCoded(item: ItemDef, text: string, codeLists: readonly CodeList[]): ParsedValue {
  const list = codeLists.find((candidate) => candidate.oid === item.codeListOid)
  // The definition validator refuses such a form; a stored one still must not accept just anything.
  if (!list) return refuse('CODELIST', `${item.label} has no list of answers; the form definition needs correcting`)
  if (list.items.some((entry) => entry.codedValue === text)) return { ok: true, normalized: text }
  const answers = list.items.map((entry) => `${entry.decode} (${entry.codedValue})`).join(', ')
  return refuse('CODELIST', `${item.label} must be one of: ${answers}`)
}

function parseText(item: ItemDef, text: string): ParsedValue {
  // Characters as people count them: code points, so an emoji or an accented letter counts once.
  const length = [...text].length
  if (item.maxLength !== undefined && length > item.maxLength) {
    return refuse('LENGTH', `${item.label} must be at most ${item.maxLength} characters (it has ${length})`)
  }
  return { ok: true, normalized: text }
}

export function parseItemValue(item: ItemDef, raw: string, codeLists: readonly CodeList[]): ParsedValue {
  const text = raw.trim()
  if (text === '') return refuse('TYPE', `${item.label} has no value`)
  switch (item.dataType) {
    case 'INTEGER':
      return parseInteger(item, text)
    case 'DECIMAL':
      return parseDecimal(item, text)
    case 'DATE':
    case 'PARTIAL_DATE':
      return parseDate(item, text)
    case 'CODED':
      return parseCoded(item, text, codeLists)
    case 'TEXT':
      return parseText(item, text)
  }
}
