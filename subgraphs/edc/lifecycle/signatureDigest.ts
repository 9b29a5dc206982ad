import { createHash } from 'node:crypto'

/**
 * 21 CFR 11.70: an electronic signature is linked to its record so that it cannot be excised,
 * copied or otherwise transferred to falsify another record. We store, with each signature, a
 * SHA-256 digest of exactly what was signed and recompute it from the current data to show whether
 * the signature still holds: any later change to the signed data shows it INVALIDATED (the record
 * needs signing again).
 *
 * What goes into the digest:
 * - every signed form instance (its id, its form OID and the definition version it was entered on)
 *   and its item values, each addressed by item group, row and item OID;
 * - the signature's meaning (21 CFR 11.50: review, approval, responsibility, authorship), so a
 *   "reviewed" signature cannot stand for an "approved" one;
 * - the signer's user id, so it cannot be claimed for another signer;
 * - the scope ('CASEBOOK:<patientId>', 'VISIT:<visitId>', 'FORM:<formDataId>'), so it cannot be moved
 *   to another patient or visit holding the same values.
 * The signing time is stored with the signature itself (11.50 manifestation) and not hashed here.
 *
 * Canonical serialisation: forms sorted by formDataId, items by group, row, item (code-unit order,
 * not locale order, so every machine agrees); a blank item (null) is left out, since a blank and an
 * absent item are the same data. The result is a JSON array of arrays (no object keys whose order
 * could vary), tagged with a format version so a future format cannot collide with this one.
 */
export interface SignedItem {
  group: string
  /** 1-based row within the group; always 1 in a non-repeating group. */
  row: number
  item: string
  value: string | null
}

export interface SignedForm {
  formDataId: string
  formOid: string
  definitionVersion: number
  items: readonly SignedItem[]
}

export interface SignedContent {
  scope: `${'CASEBOOK' | 'VISIT' | 'FORM'}:${string}`
  signerId: string
  /** The meaning of the signature, as stored with it (e.g. 'AUTHORSHIP', 'REVIEW', 'APPROVAL'). */
  meaning: string
  forms: readonly SignedForm[]
}

export type SignatureStatus = 'VALID' | 'INVALIDATED'

const FORMAT = 'edc-signature-v1'

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function canonicalItems(form: SignedForm): Array<[string, number, string, string]> {
  const items = form.items
    .filter((entry) => entry.value !== null)
    .map((entry): [string, number, string, string] => [entry.group, entry.row, entry.item, entry.value ?? ''])
    .sort((a, b) => byCodeUnits(a[0], b[0]) || a[1] - b[1] || byCodeUnits(a[2], b[2]))
  for (const [index, [group, row, item]] of items.entries()) {
    if (!Number.isInteger(row) || row < 1) throw new RangeError(`Row ${row} of ${group}.${item} is not a row number.`)
    const previous = items[index - 1]
    if (previous && previous[0] === group && previous[1] === row && previous[2] === item) {
      throw new RangeError(`Form ${form.formDataId} lists ${group}[${row}].${item} twice.`)
    }
  }
  return items
}

/** SHA-256, lowercase hex, of the canonical serialisation of `content`; the same whatever the input order. */
export function signedContentDigest(content: SignedContent): string {
  const forms = [...content.forms].sort((a, b) => byCodeUnits(a.formDataId, b.formDataId))
  for (const [index, form] of forms.entries()) {
    if (index > 0 && forms[index - 1].formDataId === form.formDataId) {
      throw new RangeError(`Form ${form.formDataId} is listed twice.`)
    }
  }
  const canonical = JSON.stringify([
    FORMAT,
    content.scope,
    content.signerId,
    content.meaning,
    forms.map((form) => [form.formDataId, form.formOid, form.definitionVersion, canonicalItems(form)]),
  ])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

/** A signature holds while the data it covers digests to what was stored when it was signed. */
export function signatureStatus(storedDigest: string, currentDigest: string): SignatureStatus {
  return storedDigest === currentDigest ? 'VALID' : 'INVALIDATED'
}
