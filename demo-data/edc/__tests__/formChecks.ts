// An independent reading of the form-definition rules (subgraphs/edc/definitions/formDefinition.ts)
// for the demo-data tests: demo-data may not import the EDC subgraph, and no check engine is used,
// so a bug in one does not hide the same bug in the other.
import type { CodeList, FormDefinition, ItemDef } from '../odmTypes'

const OID = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/
const INTEGER = /^-?\d+$/
const DECIMAL = /^-?\d+(\.\d+)?$/
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

function outside(range: { min?: number; max?: number } | undefined, value: number): boolean {
  return (
    range !== undefined &&
    ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max))
  )
}

/** Why a typed value is refused by its item's hard rules (type, format, hard range, code list, future date), or null. */
export function hardProblem(
  item: ItemDef,
  codeLists: readonly CodeList[],
  value: string,
  today: string,
): string | null {
  switch (item.dataType) {
    case 'TEXT':
      return item.maxLength !== undefined && value.length > item.maxLength ? 'too long' : null
    case 'INTEGER':
      if (!INTEGER.test(value)) return 'not an integer'
      return outside(item.hardRange, Number(value)) ? 'outside the hard range' : null
    case 'DECIMAL': {
      if (!DECIMAL.test(value)) return 'not a decimal'
      const decimals = value.split('.')[1]?.length ?? 0
      if (decimals > (item.precision ?? 6)) return 'too many decimals'
      return outside(item.hardRange, Number(value)) ? 'outside the hard range' : null
    }
    case 'DATE':
      if (!isCalendarDate(value)) return 'not a date'
      return item.noFutureDate !== false && value > today ? 'in the future' : null
    case 'PARTIAL_DATE': {
      if (!PARTIAL_DATE.test(value)) return 'not a partial date'
      const month = value.slice(5, 7)
      if (month && (month < '01' || month > '12')) return 'no such month'
      if (value.length === 10 && !isCalendarDate(value)) return 'not a date'
      return item.noFutureDate !== false && value > today.slice(0, value.length) ? 'in the future' : null
    }
    case 'CODED': {
      const list = codeLists.find((l) => l.oid === item.codeListOid)
      return list?.items.some((c) => c.codedValue === value) ? null : 'not in its code list'
    }
  }
}

export function outsideSoftRange(item: ItemDef, value: string): boolean {
  return (item.dataType === 'INTEGER' || item.dataType === 'DECIMAL') && outside(item.softRange, Number(value))
}

/** Problems of a definition the zod schema would refuse, and references it cannot resolve. */
export function definitionProblems(form: FormDefinition): string[] {
  const problems: string[] = []
  const items = form.itemGroups.flatMap((g) => g.items.map((item) => ({ group: g.oid, item })))
  const oids = [
    form.oid,
    ...form.itemGroups.map((g) => g.oid),
    ...items.map((i) => i.item.oid),
    ...form.codeLists.map((c) => c.oid),
  ]
  for (const oid of oids) if (!OID.test(oid)) problems.push(`${oid}: not an OID`)
  if (new Set(oids).size !== oids.length) problems.push('duplicate OIDs')
  if (!form.name || form.itemGroups.length === 0) problems.push('no name or no item groups')
  for (const { item } of items) {
    const at = `${form.oid}/${item.oid}`
    if (!item.label) problems.push(`${at}: no label`)
    for (const range of [item.hardRange, item.softRange])
      if (range?.min !== undefined && range.max !== undefined && range.min > range.max)
        problems.push(`${at}: min > max`)
    if (
      item.softRange &&
      item.hardRange &&
      (outside(item.hardRange, item.softRange.min ?? item.hardRange.min ?? 0) ||
        outside(item.hardRange, item.softRange.max ?? item.hardRange.max ?? 0))
    )
      problems.push(`${at}: soft range beyond the hard range`)
    const coded = item.dataType === 'CODED'
    if (coded !== (item.codeListOid !== undefined)) problems.push(`${at}: a code list exactly when CODED`)
    if (coded && !form.codeLists.some((l) => l.oid === item.codeListOid)) problems.push(`${at}: unknown code list`)
    if (
      item.precision !== undefined &&
      (item.dataType !== 'DECIMAL' || !Number.isInteger(item.precision) || item.precision < 0 || item.precision > 6)
    )
      problems.push(`${at}: bad precision`)
    if (
      item.maxLength !== undefined &&
      (item.dataType !== 'TEXT' || !Number.isInteger(item.maxLength) || item.maxLength < 1)
    )
      problems.push(`${at}: bad maxLength`)
  }
  for (const list of form.codeLists) {
    const codes = list.items.map((c) => c.codedValue)
    if (
      codes.length === 0 ||
      new Set(codes).size !== codes.length ||
      list.items.some((c) => !c.codedValue || !c.decode)
    )
      problems.push(`${list.oid}: empty or duplicate codes`)
  }
  const find = (ref: { group: string; item: string }) =>
    items.find((i) => i.group === ref.group && i.item.oid === ref.item)?.item
  for (const check of form.checks) {
    if (!OID.test(check.id) || !check.message) problems.push(`${check.id}: bad id or message`)
    if (check.kind === 'COMPARE') {
      const [left, right] = [find(check.left), find(check.right)]
      if (!left || !right) problems.push(`${check.id}: unknown item`)
      else if (left.dataType !== right.dataType) problems.push(`${check.id}: compares different types`)
    } else {
      const item = find(check.item)
      if (!item || (item.dataType !== 'INTEGER' && item.dataType !== 'DECIMAL'))
        problems.push(`${check.id}: not a number`)
      if (!(check.maxPercent > 0)) problems.push(`${check.id}: maxPercent must be positive`)
    }
  }
  return problems
}
