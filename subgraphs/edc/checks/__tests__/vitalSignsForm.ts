import { formDefinitionSchema, type FormDefinition, type FormValues } from '../../definitions/formDefinition'
import { runEditChecks } from '../runEditChecks'

/**
 * A Vital Signs CRF as a study would define it (CDASH-like OIDs), with a repeating concomitant
 * medications group. Parsed through the zod schema so the fixture is a definition the EDC accepts.
 */
export const vitalSignsForm: FormDefinition = formDefinitionSchema.parse({
  oid: 'F.VS',
  name: 'Vital Signs',
  itemGroups: [
    {
      oid: 'IG.VS',
      name: 'Vital signs',
      repeating: false,
      items: [
        { oid: 'VS.DATE', label: 'Assessment date', dataType: 'DATE', required: true },
        {
          oid: 'VS.SYSBP',
          label: 'Systolic blood pressure',
          dataType: 'INTEGER',
          unit: 'mm[Hg]',
          required: true,
          softRange: { min: 90, max: 160 },
          hardRange: { min: 40, max: 300 },
          critical: true,
        },
        {
          oid: 'VS.DIABP',
          label: 'Diastolic blood pressure',
          dataType: 'INTEGER',
          unit: 'mm[Hg]',
          required: true,
          softRange: { min: 60, max: 100 },
          hardRange: { min: 20, max: 200 },
        },
        {
          oid: 'VS.PULSE',
          label: 'Pulse rate',
          dataType: 'INTEGER',
          unit: '/min',
          required: true,
          softRange: { min: 50, max: 120 },
          hardRange: { min: 20, max: 250 },
        },
        {
          oid: 'VS.WEIGHT',
          label: 'Weight',
          dataType: 'DECIMAL',
          precision: 1,
          unit: 'kg',
          required: true,
          hardRange: { min: 20, max: 300 },
        },
        { oid: 'VS.POS', label: 'Position', dataType: 'CODED', codeListOid: 'CL.POS', required: true },
        { oid: 'VS.COMMENT', label: 'Comment', dataType: 'TEXT', maxLength: 200, required: false },
      ],
    },
    {
      oid: 'IG.CM',
      name: 'Concomitant medications',
      repeating: true,
      items: [
        { oid: 'CM.TRT', label: 'Medication', dataType: 'TEXT', maxLength: 100, required: true },
        { oid: 'CM.START', label: 'Start date', dataType: 'PARTIAL_DATE', required: true },
        { oid: 'CM.END', label: 'End date', dataType: 'PARTIAL_DATE', required: false },
      ],
    },
  ],
  codeLists: [
    {
      oid: 'CL.POS',
      name: 'Position',
      items: [
        { codedValue: 'SITTING', decode: 'Sitting' },
        { codedValue: 'STANDING', decode: 'Standing' },
        { codedValue: 'SUPINE', decode: 'Supine' },
      ],
    },
  ],
  checks: [
    {
      id: 'VS.DIA_LT_SYS',
      kind: 'COMPARE',
      severity: 'SOFT',
      left: { group: 'IG.VS', item: 'VS.DIABP' },
      operator: '<',
      right: { group: 'IG.VS', item: 'VS.SYSBP' },
      message: 'Diastolic blood pressure should be below systolic',
    },
    {
      id: 'CM.END_GE_START',
      kind: 'COMPARE',
      severity: 'HARD',
      left: { group: 'IG.CM', item: 'CM.END' },
      operator: '>=',
      right: { group: 'IG.CM', item: 'CM.START' },
      message: 'End date must not be before the start date',
    },
    {
      id: 'CM.START_BY_VISIT',
      kind: 'COMPARE',
      severity: 'SOFT',
      left: { group: 'IG.CM', item: 'CM.START' },
      operator: '<=',
      right: { group: 'IG.VS', item: 'VS.DATE' },
      message: 'A medication recorded at this visit should have started by the assessment date',
    },
    {
      id: 'VS.WEIGHT_CHANGE',
      kind: 'CHANGE_FROM_BASELINE',
      severity: 'SOFT',
      item: { group: 'IG.VS', item: 'VS.WEIGHT' },
      maxPercent: 10,
      message: 'Weight changed by more than 10 % since baseline',
    },
  ],
})

export const TODAY = '2024-06-15'

type Row = Record<string, string | null>

/** A complete, plausible vital-signs row, with `changes` applied. */
export function vitals(changes: Row = {}): Row {
  return {
    'VS.DATE': '2024-06-14',
    'VS.SYSBP': '128',
    'VS.DIABP': '82',
    'VS.PULSE': '72',
    'VS.WEIGHT': '70.0',
    'VS.POS': 'SITTING',
    'VS.COMMENT': null,
    ...changes,
  }
}

export function medication(trt: string, start: string | null, end: string | null = null): Row {
  return { 'CM.TRT': trt, 'CM.START': start, 'CM.END': end }
}

export function formValues(vitalsRow: Row = vitals(), medications: Row[] = []): FormValues {
  return { 'IG.VS': [vitalsRow], 'IG.CM': medications }
}

/** A copy of the fixture to break or vary in one place. */
export function variantOf(change: (form: FormDefinition) => void): FormDefinition {
  const copy = structuredClone(vitalSignsForm)
  change(copy)
  return copy
}

/** The edit checks over `values` of a form (the Vital Signs form unless given), without a baseline. */
export function check(values: FormValues, completing = true, form: FormDefinition = vitalSignsForm) {
  return runEditChecks({ form, values, baseline: null, completing, today: TODAY })
}
