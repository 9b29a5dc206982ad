import type { FormData, ItemData } from '../generated/prisma/client'
import type { FormDefinition } from '../definitions/formDefinition'
import type { FormFacts } from '../lifecycle/formStatus'
import type { LockState } from '../lifecycle/lockLevels'
import { itemKey, storedItemKey } from './formIdentity'

/**
 * What the status rules need of a form: one fact per item of the definition — per row in a
 * repeating group (rows that exist; none until the first row is entered) — with its value and
 * verification, whether the site marked it complete, and its effective lock.
 */
export function formFacts(
  form: FormData,
  definition: FormDefinition,
  items: readonly ItemData[],
  lock: LockState,
  signature: FormFacts['signature'],
): FormFacts {
  const stored = new Map(items.map((i) => [storedItemKey(i), i]))
  const facts: FormFacts['items'][number][] = []
  for (const group of definition.itemGroups) {
    const rows = group.repeating ? [...new Set(items.filter((i) => i.groupOid === group.oid).map((i) => i.row))] : [1]
    for (const row of rows)
      for (const item of group.items) {
        const value = stored.get(itemKey({ group: group.oid, row, item: item.oid }))
        facts.push({
          hasValue: value?.value != null,
          required: item.required,
          critical: item.critical ?? false,
          verified: value?.verifiedAt != null,
        })
      }
  }
  return { items: facts, markedComplete: form.status === 'COMPLETE', signature, lock }
}
