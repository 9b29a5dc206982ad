import { formDefinitionSchema, type FormDefinition } from '../../definitions/formDefinition'
import { validateFormDefinition } from '../validateFormDefinition'
import { variantOf, vitalSignsForm } from './vitalSignsForm'

type Change = (def: FormDefinition) => void

const vitalsItem = (def: FormDefinition, oid: string) => {
  const item = def.itemGroups.flatMap((group) => group.items).find((candidate) => candidate.oid === oid)
  if (!item) throw new Error(`no item ${oid}`)
  return item
}
const adverseEvents = {
  oid: 'IG.AE',
  name: 'Adverse events',
  repeating: true,
  items: [{ oid: 'AE.START', label: 'AE start date', dataType: 'PARTIAL_DATE' as const, required: true }],
}

describe('validateFormDefinition: sound definitions', () => {
  it.each<[string, Change]>([
    ['the Vital Signs fixture', () => {}],
    [
      'soft bounds equal to the hard bounds',
      (def) => {
        vitalsItem(def, 'VS.SYSBP').softRange = { min: 40, max: 300 }
      },
    ],
    [
      'a soft range without a hard range',
      (def) => {
        vitalsItem(def, 'VS.WEIGHT').softRange = { min: 40, max: 150 }
      },
    ],
    [
      'INTEGER compared with DECIMAL, DATE with PARTIAL_DATE, TEXT with CODED by ==',
      (def) => {
        def.checks.push(
          {
            id: 'N',
            kind: 'COMPARE',
            severity: 'SOFT',
            left: { group: 'IG.VS', item: 'VS.PULSE' },
            operator: '<',
            right: { group: 'IG.VS', item: 'VS.WEIGHT' },
            message: 'm',
          },
          {
            id: 'D',
            kind: 'COMPARE',
            severity: 'SOFT',
            left: { group: 'IG.VS', item: 'VS.DATE' },
            operator: '>=',
            right: { group: 'IG.CM', item: 'CM.END' },
            message: 'm',
          },
          {
            id: 'T',
            kind: 'COMPARE',
            severity: 'SOFT',
            left: { group: 'IG.VS', item: 'VS.COMMENT' },
            operator: '!=',
            right: { group: 'IG.VS', item: 'VS.POS' },
            message: 'm',
          },
        )
      },
    ],
    [
      'noFutureDate: false on a date',
      (def) => {
        vitalsItem(def, 'CM.END').noFutureDate = false
      },
    ],
  ])('%s has no problems', (_, change) => {
    expect(validateFormDefinition(variantOf(change))).toEqual([])
  })
})

describe('validateFormDefinition: what zod cannot see', () => {
  it.each<[string, Change, string | RegExp]>([
    [
      'duplicate group OID',
      (def) => void def.itemGroups.push({ ...adverseEvents, oid: 'IG.CM' }),
      'Item group OID IG.CM is used more than once',
    ],
    [
      'duplicate item OID across groups',
      (def) => void (vitalsItem(def, 'CM.TRT').oid = 'VS.COMMENT'),
      'Item OID VS.COMMENT is used more than once',
    ],
    [
      'duplicate code list OID',
      (def) => void def.codeLists.push({ ...def.codeLists[0] }),
      'Code list OID CL.POS is used more than once',
    ],
    [
      'duplicate coded value',
      (def) => void def.codeLists[0].items.push({ codedValue: 'SUPINE', decode: 'Lying' }),
      'Code list CL.POS: coded value SUPINE is used more than once',
    ],
    [
      'unknown code list',
      (def) => void (vitalsItem(def, 'VS.POS').codeListOid = 'CL.NOPE'),
      'Item VS.POS (Position) in group IG.VS: code list CL.NOPE is not defined in this form',
    ],
    [
      'CODED without a code list',
      (def) => void delete vitalsItem(def, 'VS.POS').codeListOid,
      'Item VS.POS (Position) in group IG.VS: a CODED item needs a code list',
    ],
    [
      'code list on TEXT',
      (def) => void (vitalsItem(def, 'VS.COMMENT').codeListOid = 'CL.POS'),
      /VS\.COMMENT .*codeListOid applies to CODED items only, not TEXT/,
    ],
    [
      'precision on INTEGER',
      (def) => void (vitalsItem(def, 'VS.PULSE').precision = 0),
      'Item VS.PULSE (Pulse rate) in group IG.VS: precision applies to DECIMAL items only, not INTEGER',
    ],
    [
      'maxLength on DECIMAL',
      (def) => void (vitalsItem(def, 'VS.WEIGHT').maxLength = 5),
      /VS\.WEIGHT .*maxLength applies to TEXT items only, not DECIMAL/,
    ],
    [
      'hard range on DATE',
      (def) => void (vitalsItem(def, 'VS.DATE').hardRange = { min: 0 }),
      /VS\.DATE .*hardRange applies to INTEGER and DECIMAL items only, not DATE/,
    ],
    [
      'soft range on TEXT',
      (def) => void (vitalsItem(def, 'CM.TRT').softRange = { max: 3 }),
      /CM\.TRT .*softRange applies to INTEGER and DECIMAL items only, not TEXT/,
    ],
    [
      'noFutureDate on INTEGER',
      (def) => void (vitalsItem(def, 'VS.PULSE').noFutureDate = true),
      /VS\.PULSE .*noFutureDate applies to DATE and PARTIAL_DATE items only/,
    ],
    [
      'soft minimum below the hard minimum',
      (def) => void (vitalsItem(def, 'VS.SYSBP').softRange = { min: 30, max: 160 }),
      'Item VS.SYSBP (Systolic blood pressure) in group IG.VS: soft minimum 30 lies outside the hard range',
    ],
    [
      'soft maximum above the hard maximum',
      (def) => void (vitalsItem(def, 'VS.DIABP').softRange = { max: 250 }),
      /VS\.DIABP .*soft maximum 250 lies outside the hard range/,
    ],
    [
      'soft minimum above the hard maximum',
      (def) => void (vitalsItem(def, 'VS.DIABP').softRange = { min: 201 }),
      /VS\.DIABP .*soft minimum 201 lies outside the hard range/,
    ],
    [
      'soft maximum below the hard minimum',
      (def) => void (vitalsItem(def, 'VS.DIABP').softRange = { max: 10 }),
      /soft maximum 10 lies outside/,
    ],
    [
      'COMPARE left names an unknown item',
      (def) => void (def.checks[0].kind === 'COMPARE' && (def.checks[0].left.item = 'VS.DIA')),
      'Check VS.DIA_LT_SYS: left names item VS.DIA in group IG.VS, which this form does not have',
    ],
    [
      'COMPARE right names an item of another group',
      (def) => void (def.checks[0].kind === 'COMPARE' && (def.checks[0].right.group = 'IG.CM')),
      'Check VS.DIA_LT_SYS: right names item VS.SYSBP in group IG.CM, which this form does not have',
    ],
    [
      'CHANGE_FROM_BASELINE names an unknown item',
      (def) => void (def.checks[3].kind === 'CHANGE_FROM_BASELINE' && (def.checks[3].item.item = 'VS.WT')),
      'Check VS.WEIGHT_CHANGE: item names item VS.WT in group IG.VS, which this form does not have',
    ],
    [
      'COMPARE across two repeating groups',
      (def) => {
        def.itemGroups.push(adverseEvents)
        def.checks.push({
          id: 'AE.AFTER_CM',
          kind: 'COMPARE',
          severity: 'SOFT',
          left: { group: 'IG.AE', item: 'AE.START' },
          operator: '>=',
          right: { group: 'IG.CM', item: 'CM.START' },
          message: 'm',
        })
      },
      'Check AE.AFTER_CM: compares items of two repeating groups, IG.AE and IG.CM',
    ],
    [
      'COMPARE of a number with a date',
      (def) =>
        void def.checks.push({
          id: 'X',
          kind: 'COMPARE',
          severity: 'HARD',
          left: { group: 'IG.VS', item: 'VS.SYSBP' },
          operator: '<',
          right: { group: 'IG.VS', item: 'VS.DATE' },
          message: 'm',
        }),
      'Check X: compares VS.SYSBP (INTEGER) with VS.DATE (DATE)',
    ],
    [
      'COMPARE of a code with a number',
      (def) =>
        void def.checks.push({
          id: 'X',
          kind: 'COMPARE',
          severity: 'HARD',
          left: { group: 'IG.VS', item: 'VS.POS' },
          operator: '==',
          right: { group: 'IG.VS', item: 'VS.PULSE' },
          message: 'm',
        }),
      'Check X: compares VS.POS (CODED) with VS.PULSE (INTEGER)',
    ],
    [
      'ordering of text',
      (def) =>
        void def.checks.push({
          id: 'X',
          kind: 'COMPARE',
          severity: 'HARD',
          left: { group: 'IG.VS', item: 'VS.COMMENT' },
          operator: '<',
          right: { group: 'IG.VS', item: 'VS.POS' },
          message: 'm',
        }),
      'Check X: TEXT and CODED items compare with == or != only, not <',
    ],
    [
      'change from baseline of a date',
      (def) => void (def.checks[3].kind === 'CHANGE_FROM_BASELINE' && (def.checks[3].item.item = 'VS.DATE')),
      'Check VS.WEIGHT_CHANGE: a change from baseline needs a number, VS.DATE is DATE',
    ],
    [
      'change from baseline in a repeating group',
      (def) => {
        def.itemGroups[1].items.push({ oid: 'CM.DOSE', label: 'Dose', dataType: 'DECIMAL', required: false })
        def.checks.push({
          id: 'CM.DOSE_CHANGE',
          kind: 'CHANGE_FROM_BASELINE',
          severity: 'SOFT',
          item: { group: 'IG.CM', item: 'CM.DOSE' },
          maxPercent: 50,
          message: 'm',
        })
      },
      'Check CM.DOSE_CHANGE: CM.DOSE is in repeating group IG.CM, which has no baseline row',
    ],
    [
      'duplicate check id',
      (def) => void (def.checks[1].id = 'VS.DIA_LT_SYS'),
      'Check id VS.DIA_LT_SYS is used more than once',
    ],
    [
      'check id of a built-in check',
      (def) => void (def.checks[3].id = 'VS.WEIGHT.RANGE'),
      'Check id VS.WEIGHT.RANGE is reserved for a built-in check',
    ],
  ])('%s', (_, change, problem) => {
    const def = variantOf(change)
    // Each case is one zod accepts: the validator exists for exactly these.
    expect(formDefinitionSchema.safeParse(def).success).toBe(true)
    const problems = validateFormDefinition(def)
    expect(problems).toHaveLength(1)
    if (typeof problem === 'string') expect(problems[0]).toBe(problem)
    else expect(problems[0]).toMatch(problem)
  })

  it('lists every problem of a definition, not only the first', () => {
    const def = variantOf((form) => {
      vitalsItem(form, 'VS.PULSE').precision = 1
      vitalsItem(form, 'VS.PULSE').maxLength = 3
      form.checks.push({ ...form.checks[0] })
    })
    expect(validateFormDefinition(def)).toEqual([
      'Item VS.PULSE (Pulse rate) in group IG.VS: precision applies to DECIMAL items only, not INTEGER',
      'Item VS.PULSE (Pulse rate) in group IG.VS: maxLength applies to TEXT items only, not INTEGER',
      'Check id VS.DIA_LT_SYS is used more than once',
    ])
  })

  it('does not change the definition it checks', () => {
    const before = structuredClone(vitalSignsForm)
    validateFormDefinition(vitalSignsForm)
    expect(vitalSignsForm).toEqual(before)
  })
})
