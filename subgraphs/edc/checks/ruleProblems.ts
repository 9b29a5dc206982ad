import type { EditCheckDef, FormDefinition, ItemRef } from '../definitions/formDefinition'
import type { FindingKind } from './checkFinding'
import { resolveRef, valueClass } from './itemRefs'
import { duplicates } from './duplicateNames'

// The ids the engine gives its own findings (`<ITEMOID>.<KIND>`); a rule must not take one, or a
// query opened for the rule and one opened for the built-in check could not be told apart.
const BUILT_IN_KINDS: readonly FindingKind[] = ['TYPE', 'REQUIRED', 'RANGE', 'FUTURE_DATE', 'CODELIST', 'LENGTH']

function refProblem(def: FormDefinition, check: EditCheckDef, side: string, ref: ItemRef): string[] {
  if (resolveRef(def, ref)) return []
  return [`Check ${check.id}: ${side} names item ${ref.item} in group ${ref.group}, which this form does not have`]
}

function compareProblems(def: FormDefinition, check: Extract<EditCheckDef, { kind: 'COMPARE' }>): string[] {
  const unknown = [...refProblem(def, check, 'left', check.left), ...refProblem(def, check, 'right', check.right)]
  const left = resolveRef(def, check.left)
  const right = resolveRef(def, check.right)
  if (!left || !right) return unknown
  const problems: string[] = []
  // Rows of two repeating groups do not correspond (medication 2 is not adverse event 2).
  if (left.group.repeating && right.group.repeating && left.group.oid !== right.group.oid) {
    problems.push(`Check ${check.id}: compares items of two repeating groups, ${left.group.oid} and ${right.group.oid}`)
  }
  const leftClass = valueClass(left.item.dataType)
  const rightClass = valueClass(right.item.dataType)
  if (leftClass !== rightClass) {
    problems.push(
      `Check ${check.id}: compares ${left.item.oid} (${left.item.dataType}) with ${right.item.oid} (${right.item.dataType})`,
    )
  } else if (leftClass === 'text' && check.operator !== '==' && check.operator !== '!=') {
    problems.push(`Check ${check.id}: TEXT and CODED items compare with == or != only, not ${check.operator}`)
  }
  return problems
}

function baselineProblems(def: FormDefinition, check: Extract<EditCheckDef, { kind: 'CHANGE_FROM_BASELINE' }>) {
  const target = resolveRef(def, check.item)
  if (!target) return refProblem(def, check, 'item', check.item)
  const problems: string[] = []
  if (valueClass(target.item.dataType) !== 'number') {
    problems.push(
      `Check ${check.id}: a change from baseline needs a number, ${target.item.oid} is ${target.item.dataType}`,
    )
  }
  // Rows of a repeating group at two visits are different things (different medications).
  if (target.group.repeating) {
    problems.push(
      `Check ${check.id}: ${target.item.oid} is in repeating group ${target.group.oid}, which has no baseline row`,
    )
  }
  return problems
}

/** The problems of the form's COMPARE and CHANGE_FROM_BASELINE rules. */
export function ruleProblems(def: FormDefinition): string[] {
  const builtIn = new Set(
    def.itemGroups.flatMap((group) =>
      group.items.flatMap((item) => BUILT_IN_KINDS.map((kind) => `${item.oid}.${kind}`)),
    ),
  )
  return [
    ...duplicates(
      'Check id',
      def.checks.map((check) => check.id),
    ),
    ...def.checks
      .filter((check) => builtIn.has(check.id))
      .map((check) => `Check id ${check.id} is reserved for a built-in check`),
    ...def.checks.flatMap((check) =>
      check.kind === 'COMPARE' ? compareProblems(def, check) : baselineProblems(def, check),
    ),
  ]
}
