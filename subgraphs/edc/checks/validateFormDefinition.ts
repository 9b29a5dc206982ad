import type { CodeList, FormDefinition, ItemDef, ItemGroupDef } from '../definitions/formDefinition'
import { duplicates } from './duplicateNames'
import { ruleProblems } from './ruleProblems'

/**
 * What a form definition gets wrong that its zod schema cannot see, because it spans fields or
 * objects: names that must be unique or must resolve, attributes that mean something for one data
 * type only, ranges that contradict each other, rules that cannot be evaluated. A definition with
 * problems is refused before it is stored: once data exists on a version it can no longer change.
 *
 * Returns one sentence per problem, for the data manager building the form; [] when it is sound.
 */
export function validateFormDefinition(def: FormDefinition): string[] {
  return [
    ...duplicates(
      'Item group OID',
      def.itemGroups.map((group) => group.oid),
    ),
    // ODM: ItemDef OIDs are unique in the metadata, not per group; exports and rules rely on it.
    ...duplicates(
      'Item OID',
      def.itemGroups.flatMap((group) => group.items.map((item) => item.oid)),
    ),
    ...duplicates(
      'Code list OID',
      def.codeLists.map((list) => list.oid),
    ),
    ...def.codeLists.flatMap(codeListProblems),
    ...def.itemGroups.flatMap((group) => group.items.flatMap((item) => itemProblems(def, group, item))),
    ...ruleProblems(def),
  ]
}

function codeListProblems(list: CodeList): string[] {
  return duplicates(
    `Code list ${list.oid}: coded value`,
    list.items.map((entry) => entry.codedValue),
  )
}

function itemProblems(def: FormDefinition, group: ItemGroupDef, item: ItemDef): string[] {
  const where = `Item ${item.oid} (${item.label}) in group ${group.oid}`
  const type = item.dataType
  const problems: string[] = []
  const onlyFor = (attribute: string, types: string) =>
    `${where}: ${attribute} applies to ${types} items only, not ${type}`
  if (type === 'CODED' && item.codeListOid === undefined) problems.push(`${where}: a CODED item needs a code list`)
  if (item.codeListOid !== undefined) {
    if (type !== 'CODED') problems.push(onlyFor('codeListOid', 'CODED'))
    else if (!def.codeLists.some((list) => list.oid === item.codeListOid)) {
      problems.push(`${where}: code list ${item.codeListOid} is not defined in this form`)
    }
  }
  if (item.precision !== undefined && type !== 'DECIMAL') problems.push(onlyFor('precision', 'DECIMAL'))
  if (item.maxLength !== undefined && type !== 'TEXT') problems.push(onlyFor('maxLength', 'TEXT'))
  const numeric = type === 'INTEGER' || type === 'DECIMAL'
  if (item.hardRange && !numeric) problems.push(onlyFor('hardRange', 'INTEGER and DECIMAL'))
  if (item.softRange && !numeric) problems.push(onlyFor('softRange', 'INTEGER and DECIMAL'))
  if (item.noFutureDate !== undefined && type !== 'DATE' && type !== 'PARTIAL_DATE') {
    problems.push(onlyFor('noFutureDate', 'DATE and PARTIAL_DATE'))
  }
  if (numeric) problems.push(...rangeProblems(where, item))
  return problems
}

/**
 * A soft range marks the odd-but-possible values, so every bound it has must be a possible value,
 * inside the hard range; a soft bound outside would never fire (the hard check refuses first).
 * A one-sided soft range is fine: often only one direction is odd.
 */
function rangeProblems(where: string, item: ItemDef): string[] {
  const { hardRange: hard, softRange: soft } = item
  if (!hard || !soft) return []
  const inside = (bound: number) =>
    (hard.min === undefined || bound >= hard.min) && (hard.max === undefined || bound <= hard.max)
  return [
    ...(soft.min !== undefined && !inside(soft.min)
      ? [`${where}: soft minimum ${soft.min} lies outside the hard range`]
      : []),
    ...(soft.max !== undefined && !inside(soft.max)
      ? [`${where}: soft maximum ${soft.max} lies outside the hard range`]
      : []),
  ]
}
