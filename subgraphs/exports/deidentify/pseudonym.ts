import crypto from 'node:crypto'

/**
 * Keyed pseudonyms: the same subject gets the same pseudonym in every export to one recipient and
 * an unrelated one for any other recipient, so two recipients cannot link their extracts, and nobody
 * without the secret can go back (HMAC-SHA256, not a plain hash of a guessable subject number).
 */
export interface RecipientKey {
  recipient: string
  key: Buffer
}

export function recipientKey(secret: string, recipient: string): RecipientKey {
  if (secret.length < 32) throw new Error('The pseudonym secret must be at least 32 characters.')
  const key = crypto.createHmac('sha256', secret).update(`recipient:${recipient}`).digest()
  return { recipient, key }
}

// Crockford base32: no I, L, O, U, so a pseudonym read aloud or retyped is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function base32(bytes: Buffer, length: number): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    if (out.length === length) break
  }
  return out
}

const mac = (key: RecipientKey, purpose: string, id: string) =>
  crypto.createHmac('sha256', key.key).update(`${purpose}:${id}`).digest()

/** A subject's pseudonym for this recipient: "S-" and 12 characters (60 bits; no collision in any real trial). */
export const subjectPseudonym = (key: RecipientKey, patientId: string) =>
  `S-${base32(mac(key, 'subject', patientId), 12)}`

/** A staff member's pseudonym in audit records. */
export const staffPseudonym = (key: RecipientKey, userId: string) => `U-${base32(mac(key, 'staff', userId), 10)}`

/** Another record's id (a lab result, a diary entry, an alert): stored ids are record numbers too. */
export const recordPseudonym = (key: RecipientKey, kind: string, id: string) =>
  `${kind}-${base32(mac(key, `record:${kind}`, id), 12)}`

/** Days a subject's dates move: from -180 to 180, never 0, the same in every export to this recipient. */
export function dateShiftDays(key: RecipientKey, patientId: string): number {
  const n = mac(key, 'date-shift', patientId).readUInt32BE(0) % 360
  return n < 180 ? n - 180 : n - 179
}
