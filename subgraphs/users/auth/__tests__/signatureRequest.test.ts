import { SIGNATURE_MEANINGS } from '../../../../contracts/signatureCredential'
import { parseSignatureRequest } from '../signatureRequest'

const ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'
const [APPROVE, REVIEW, UNBLIND] = SIGNATURE_MEANINGS

it.each([
  [APPROVE, `CASEBOOK:${ID}`, `CASEBOOK:${ID}`],
  [REVIEW, `VISIT:${ID}`, `VISIT:${ID}`],
  // An investigator's re-authentication for an emergency unblinding (inventory checks the record).
  [UNBLIND, `UNBLIND:${ID}`, `UNBLIND:${ID}`],
  // Canonical, as the EDC compares it: scope upper case, id lower case.
  [APPROVE, `visit:${ID.toUpperCase()}`, `VISIT:${ID}`],
])('accepts %s for %s, as %s', (meaning, record, canonical) => {
  expect(parseSignatureRequest({ meaning, record })).toEqual({ meaning, record: canonical })
})

it.each([
  ['input.meaning', 'I agree', `CASEBOOK:${ID}`],
  ['input.meaning', ` ${APPROVE}`, `CASEBOOK:${ID}`],
  ['input.meaning', '', `CASEBOOK:${ID}`],
  ['input.record', APPROVE, ID],
  ['input.record', APPROVE, `SITE:${ID}`],
  ['input.record', APPROVE, `CASEBOOK:${ID.slice(1)}`],
  ['input.record', APPROVE, `CASEBOOK:${ID}0`],
  ['input.record', APPROVE, `CASEBOOK:${'-'.repeat(36)}`],
  ['input.record', APPROVE, ` CASEBOOK:${ID}`],
])('refuses %s in (%j, %j) with BAD_USER_INPUT', (argumentName, meaning, record) => {
  expect(() => parseSignatureRequest({ meaning, record })).toThrow(
    expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName }) }),
  )
})
