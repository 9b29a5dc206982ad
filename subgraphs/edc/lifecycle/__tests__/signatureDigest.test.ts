import { createHash } from 'node:crypto'
import { signatureStatus, signedContentDigest, type SignedContent, type SignedForm } from '../signatureDigest'

const vitals: SignedForm = {
  formDataId: 'fd-1',
  formOid: 'F.VITALS',
  definitionVersion: 2,
  items: [
    { group: 'IG.VS', row: 1, item: 'I.SYSBP', value: '128' },
    { group: 'IG.VS', row: 1, item: 'I.DIABP', value: '82' },
    { group: 'IG.VS', row: 1, item: 'I.WEIGHT', value: null },
  ],
}
const conmeds: SignedForm = {
  formDataId: 'fd-2',
  formOid: 'F.CM',
  definitionVersion: 1,
  items: [
    { group: 'IG.CM', row: 1, item: 'I.CMTRT', value: 'Paracetamol' },
    { group: 'IG.CM', row: 2, item: 'I.CMTRT', value: 'Ibuprofen' },
    { group: 'IG.CM', row: 10, item: 'I.CMTRT', value: 'Omeprazole' },
  ],
}
const signed: SignedContent = {
  scope: 'CASEBOOK:patient-7',
  signerId: 'user-investigator-1',
  meaning: 'APPROVAL',
  forms: [vitals, conmeds],
}
const digest = signedContentDigest(signed)

const withItem = (form: SignedForm, index: number, change: Partial<SignedForm['items'][number]>): SignedForm => ({
  ...form,
  items: form.items.map((entry, i) => (i === index ? { ...entry, ...change } : entry)),
})

describe('signedContentDigest', () => {
  it('is the SHA-256 hex of the documented canonical serialisation', () => {
    const canonical = JSON.stringify([
      'edc-signature-v1',
      'CASEBOOK:patient-7',
      'user-investigator-1',
      'APPROVAL',
      [
        [
          'fd-1',
          'F.VITALS',
          2,
          [
            ['IG.VS', 1, 'I.DIABP', '82'],
            ['IG.VS', 1, 'I.SYSBP', '128'],
          ],
        ],
        [
          'fd-2',
          'F.CM',
          1,
          [
            ['IG.CM', 1, 'I.CMTRT', 'Paracetamol'],
            ['IG.CM', 2, 'I.CMTRT', 'Ibuprofen'],
            ['IG.CM', 10, 'I.CMTRT', 'Omeprazole'],
          ],
        ],
      ],
    ])
    expect(digest).toBe(createHash('sha256').update(canonical).digest('hex'))
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
  })

  describe('does not depend on input order or on how blanks are listed', () => {
    it.each<[string, SignedContent]>([
      ['forms reversed', { ...signed, forms: [conmeds, vitals] }],
      ['items reversed', { ...signed, forms: [vitals, conmeds].map((f) => ({ ...f, items: [...f.items].reverse() })) }],
      [
        'rows numerically, not as text (10 after 2)',
        { ...signed, forms: [vitals, { ...conmeds, items: [conmeds.items[2], conmeds.items[0], conmeds.items[1]] }] },
      ],
      ['a blank item left out', { ...signed, forms: [{ ...vitals, items: vitals.items.slice(0, 2) }, conmeds] }],
      [
        'another blank item listed',
        {
          ...signed,
          forms: [
            { ...vitals, items: [...vitals.items, { group: 'IG.VS', row: 1, item: 'I.HR', value: null }] },
            conmeds,
          ],
        },
      ],
    ])('%s', (_, reordered) => {
      expect(signedContentDigest(reordered)).toBe(digest)
    })
  })

  describe('changes with anything signed', () => {
    it.each<[string, SignedContent]>([
      ['a value', { ...signed, forms: [withItem(vitals, 0, { value: '129' }), conmeds] }],
      ['a value padded', { ...signed, forms: [withItem(vitals, 0, { value: '128 ' }), conmeds] }],
      ['a value blanked', { ...signed, forms: [withItem(vitals, 0, { value: null }), conmeds] }],
      ['a value made empty text', { ...signed, forms: [withItem(vitals, 0, { value: '' }), conmeds] }],
      ['a blank filled', { ...signed, forms: [withItem(vitals, 2, { value: '70' }), conmeds] }],
      [
        'two values swapped',
        { ...signed, forms: [withItem(withItem(vitals, 0, { value: '82' }), 1, { value: '128' }), conmeds] },
      ],
      ['a row', { ...signed, forms: [vitals, withItem(conmeds, 1, { row: 3 })] }],
      ['an item', { ...signed, forms: [withItem(vitals, 0, { item: 'I.SYSBP2' }), conmeds] }],
      ['a group', { ...signed, forms: [withItem(vitals, 0, { group: 'IG.VS2' }), conmeds] }],
      ['a form left out', { ...signed, forms: [vitals] }],
      ['the form instance', { ...signed, forms: [{ ...vitals, formDataId: 'fd-3' }, conmeds] }],
      ['the form OID', { ...signed, forms: [{ ...vitals, formOid: 'F.VITALS2' }, conmeds] }],
      ['the definition version', { ...signed, forms: [{ ...vitals, definitionVersion: 3 }, conmeds] }],
      ['the meaning', { ...signed, meaning: 'REVIEW' }],
      ['the signer', { ...signed, signerId: 'user-investigator-2' }],
      ['the patient', { ...signed, scope: 'CASEBOOK:patient-8' }],
      ['the scope level', { ...signed, scope: 'VISIT:patient-7' }],
      // Field boundaries cannot be shifted: text moved from the signer id into the meaning differs.
      ['text moved across fields', { ...signed, signerId: 'user-investigator-', meaning: '1APPROVAL' }],
    ])('%s', (_, changed) => {
      expect(signedContentDigest(changed)).not.toBe(digest)
    })
  })

  it.each<[string, SignedContent, RegExp]>([
    ['a form listed twice', { ...signed, forms: [vitals, conmeds, vitals] }, /fd-1 is listed twice/],
    [
      'an item listed twice',
      { ...signed, forms: [{ ...vitals, items: [...vitals.items, { ...vitals.items[0], value: '130' }] }] },
      /IG\.VS\[1\]\.I\.SYSBP twice/,
    ],
    ['row 0', { ...signed, forms: [withItem(vitals, 0, { row: 0 })] }, /not a row number/],
    ['row 1.5', { ...signed, forms: [withItem(vitals, 0, { row: 1.5 })] }, /not a row number/],
  ])('refuses %s', (_, content, message) => {
    expect(() => signedContentDigest(content)).toThrow(message)
  })
})

describe('signatureStatus', () => {
  it('is VALID while the data digests as when signed', () => {
    expect(signatureStatus(digest, signedContentDigest({ ...signed, forms: [conmeds, vitals] }))).toBe('VALID')
  })

  it('is INVALIDATED by a later change', () => {
    const changed = signedContentDigest({ ...signed, forms: [withItem(vitals, 0, { value: '140' }), conmeds] })
    expect(signatureStatus(digest, changed)).toBe('INVALIDATED')
  })
})
