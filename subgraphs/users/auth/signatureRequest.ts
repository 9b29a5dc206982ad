import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { SIGNATURE_MEANINGS, type SignatureCredentialClaims } from '../../../contracts/signatureCredential'
import { isUuid } from '../../../platform/ids'

/** What a signature credential is for: a record and a meaning, as the EDC will compare them. */
export type SignatureRequest = Pick<SignatureCredentialClaims, 'meaning' | 'record'>

// A casebook or a visit signed in the EDC; a subject unblinded in an emergency (inventory).
const RECORD = /^(CASEBOOK|VISIT|UNBLIND):([0-9a-f-]{36})$/i
const isMeaning = (meaning: string): boolean => (SIGNATURE_MEANINGS as readonly string[]).includes(meaning)

/**
 * The record and meaning of a confirmation, checked before any password is: one of the platform's
 * meanings, word for word (11.50(a)(3): the meaning is part of what is signed), and a casebook,
 * visit or unblinding record. The record comes back canonical — "CASEBOOK:<lower-case uuid>" — because the EDC
 * compares it as a string with the scope and the (lower-cased) id it is asked to sign.
 * Otherwise BAD_USER_INPUT naming the argument.
 */
export function parseSignatureRequest({ meaning, record }: SignatureRequest): SignatureRequest {
  if (!isMeaning(meaning))
    throw badInput(
      'input.meaning',
      `"input.meaning" must be one of the signature meanings: ${SIGNATURE_MEANINGS.map((m) => `"${m}"`).join(', ')}.`,
    )
  const match = RECORD.exec(record)
  if (!match || !isUuid(match[2]))
    throw badInput(
      'input.record',
      '"input.record" must be "CASEBOOK:<patient id>", "VISIT:<visit id>" or "UNBLIND:<patient id>".',
    )
  return { meaning, record: `${match[1]!.toUpperCase()}:${match[2]!.toLowerCase()}` }
}
