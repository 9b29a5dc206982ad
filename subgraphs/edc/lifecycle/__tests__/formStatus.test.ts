import { casebookStatus, formStatus, type FormFacts, type FormStatus, type ItemFacts } from '../formStatus'
import { type LockState } from '../lockLevels'
import { type SignatureStatus } from '../signatureDigest'

// One item: v has a value, r required, c critical, ✓ verified (e.g. 'vrc✓', '-r' for a blank required item).
const item = (code: string): ItemFacts => ({
  hasValue: code.includes('v'),
  required: code.includes('r'),
  critical: code.includes('c'),
  verified: code.includes('✓'),
})
const form = (
  codes: string[],
  lock: LockState = 'NONE',
  signature: SignatureStatus | null = null,
  markedComplete = true,
): FormFacts => ({
  items: codes.map(item),
  markedComplete,
  lock,
  signature,
})

describe('formStatus from the data', () => {
  it.each<[string[], boolean, FormStatus]>([
    [[], false, 'NOT_STARTED'],
    [['-r', '-'], false, 'NOT_STARTED'],
    [['vr', '-r'], false, 'IN_PROGRESS'],
    [['vr✓', '-r'], false, 'IN_PROGRESS'],
    [['vr', '-'], false, 'COMPLETE'],
    [['v'], false, 'COMPLETE'],
    [['vr✓', 'v'], false, 'COMPLETE'],
    [['vr✓', 'v✓', '-'], false, 'VERIFIED'],
    // risk-based SDV: only critical items with a value need verifying
    [['vrc✓', 'v'], true, 'VERIFIED'],
    [['vrc✓', 'vc'], true, 'COMPLETE'],
    [['vrc✓', 'v', '-c'], true, 'VERIFIED'],
    [['vrc✓', 'v'], false, 'COMPLETE'],
    // nothing to verify is not verified
    [['vr', 'v'], true, 'COMPLETE'],
    [['vr✓', 'v✓'], true, 'COMPLETE'],
  ])('%p, risk-based SDV %p → %s', (codes, riskBasedSdv, status) => {
    expect(formStatus(form(codes), riskBasedSdv)).toBe(status)
  })

  it.each<[string[], FormStatus]>([
    [['vr', 'v'], 'IN_PROGRESS'],
    [['vr✓', 'v✓'], 'IN_PROGRESS'],
    [['-r'], 'NOT_STARTED'],
  ])('%p not yet marked complete → %s', (codes, status) => {
    expect(formStatus(form(codes, 'NONE', null, false), false)).toBe(status)
  })
})

describe('formStatus precedence: LOCKED > FROZEN > SIGNED > progress', () => {
  const progressed: Array<[string, string[]]> = [
    ['not started', []],
    ['in progress', ['vr', '-r']],
    ['complete', ['vr']],
    ['verified', ['vr✓']],
  ]
  const cases = progressed.flatMap(([name, codes]) => {
    const progress = formStatus(form(codes), false)
    return [
      [name, codes, 'NONE', null, progress],
      [name, codes, 'NONE', 'INVALIDATED', progress],
      [name, codes, 'NONE', 'VALID', 'SIGNED'],
      [name, codes, 'FROZEN', null, 'FROZEN'],
      [name, codes, 'FROZEN', 'VALID', 'FROZEN'],
      [name, codes, 'LOCKED', 'VALID', 'LOCKED'],
      [name, codes, 'LOCKED', null, 'LOCKED'],
    ] as Array<[string, string[], LockState, SignatureStatus | null, FormStatus]>
  })

  it('starts from four different progress states', () => {
    expect(progressed.map(([, codes]) => formStatus(form(codes), false))).toEqual([
      'NOT_STARTED',
      'IN_PROGRESS',
      'COMPLETE',
      'VERIFIED',
    ])
  })

  it.each(cases)('%s, lock %s, signature %s → %s', (_, codes, lock, signature, status) => {
    expect(formStatus(form(codes, lock, signature), false)).toBe(status)
  })
})

describe('casebookStatus', () => {
  const empty = form([])
  const started = form(['vr', '-r'])
  const complete = form(['vr'])
  const verified = form(['vr✓'])

  it.each<[string, FormFacts[], LockState, SignatureStatus | null, FormStatus]>([
    ['no forms', [], 'NONE', null, 'NOT_STARTED'],
    ['no data yet', [empty, empty], 'NONE', null, 'NOT_STARTED'],
    ['one form started', [started, empty], 'NONE', null, 'IN_PROGRESS'],
    ['a form complete, one not started', [complete, empty], 'NONE', null, 'IN_PROGRESS'],
    ['every form complete', [complete, verified], 'NONE', null, 'COMPLETE'],
    ['every form verified', [verified, verified], 'NONE', null, 'VERIFIED'],
    ['verified and signed', [verified, verified], 'NONE', 'VALID', 'SIGNED'],
    ['signature invalidated', [verified, complete], 'NONE', 'INVALIDATED', 'COMPLETE'],
    ['signed visits only', [form(['vr✓'], 'NONE', 'VALID')], 'NONE', null, 'VERIFIED'],
    ['casebook frozen', [complete], 'FROZEN', 'VALID', 'FROZEN'],
    ['casebook locked', [complete], 'LOCKED', 'VALID', 'LOCKED'],
    ['every form frozen', [form(['vr'], 'FROZEN'), form([], 'FROZEN')], 'NONE', null, 'FROZEN'],
    ['forms frozen or locked', [form(['vr'], 'LOCKED'), form(['vr'], 'FROZEN')], 'NONE', null, 'FROZEN'],
    ['every form locked', [form(['vr'], 'LOCKED'), form(['vr'], 'LOCKED')], 'NONE', 'VALID', 'LOCKED'],
    ['one form of two locked', [form(['vr'], 'LOCKED'), complete], 'NONE', null, 'COMPLETE'],
  ])('%s → %s', (_, forms, lock, signature, status) => {
    expect(casebookStatus({ forms, lock, signature }, false)).toBe(status)
  })

  it('applies risk-based SDV to every form', () => {
    const forms = [form(['vrc✓', 'v']), form(['vc✓'])]
    expect(casebookStatus({ forms, lock: 'NONE', signature: null }, true)).toBe('VERIFIED')
    expect(casebookStatus({ forms, lock: 'NONE', signature: null }, false)).toBe('COMPLETE')
  })
})
