import type { FormData, ItemData } from '../generated/prisma/client'
import type { SignedContent } from '../lifecycle/signatureDigest'

/**
 * Exactly the data a signature covers, as the digest reads it: every started form of the casebook
 * (or the visit) with its definition version and values. Not-started forms hold nothing to sign.
 */
export function signedContent(
  scope: SignedContent['scope'],
  signerId: string,
  meaning: string,
  forms: readonly (FormData & { items: readonly ItemData[]; definitionVersion: number })[],
): SignedContent {
  return {
    scope,
    signerId,
    meaning,
    forms: forms
      .filter((f) => f.status !== 'NOT_STARTED')
      .map((f) => ({
        formDataId: f.id,
        formOid: f.formOid,
        definitionVersion: f.definitionVersion,
        items: f.items.map((i) => ({ group: i.groupOid, row: i.row, item: i.itemOid, value: i.value })),
      })),
  }
}
