import type { FormData, ItemData } from '../generated/prisma/client'
import type { EdcPrisma } from '../data/prismaClient'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { requireVerifiable } from '../locks/effectiveLock'
import { itemKey } from '../forms/formIdentity'

/**
 * Source data verification: the monitor marks values verified against the site's source documents
 * (all values of the form, or the ones named). Only values that exist and are not yet verified
 * change; each verification is audited. Refused on locked data; a name of no value is BAD_USER_INPUT.
 */
export async function verifyFormData(
  prisma: EdcPrisma,
  form: FormData,
  items: readonly { group: string; row: number; item: string }[] | null,
  actor: AuditActor,
  at: Date,
): Promise<ItemData[]> {
  return prisma.$transaction(async (tx) => {
    await requireVerifiable(tx, form)
    const stored = await tx.itemData.findMany({ where: { formDataId: form.id } })
    const byPlace = new Map(stored.map((i) => [itemKey({ group: i.groupOid, row: i.row, item: i.itemOid }), i]))
    const chosen = items
      ? items.map((ref) => {
          const found = byPlace.get(itemKey(ref))
          if (!found || found.value === null)
            throw badInput('items', `The form has no value at ${itemKey(ref)} to verify.`)
          return found
        })
      : stored.filter((i) => i.value !== null)
    const toVerify = chosen.filter((i) => i.verifiedAt === null)
    if (toVerify.length) {
      await tx.itemData.updateMany({
        where: { id: { in: toVerify.map((i) => i.id) }, verifiedAt: null },
        data: { verifiedAt: at, verifiedBy: actor.userId },
      })
      await tx.auditEvent.createMany({
        data: toVerify.map((i) =>
          auditRow(actor, 'UPDATE', { type: 'ItemData', id: i.id }, at, {
            field: 'verified',
            oldValue: false,
            newValue: true,
          }),
        ),
      })
    }
    return tx.itemData.findMany({ where: { formDataId: form.id } })
  })
}
