import type { FormDefinition } from '../odmTypes'
import { CL_POSITION } from './codeLists'

const VS = 'IG.VS'

export const VITAL_SIGNS: FormDefinition = {
  oid: 'F.VS',
  name: 'Vital Signs',
  itemGroups: [
    {
      oid: VS,
      name: 'Vital Signs',
      repeating: false,
      items: [
        { oid: 'I.VSDAT', label: 'Date of assessment', dataType: 'DATE', required: true, noFutureDate: true },
        {
          oid: 'I.VSPOS',
          label: 'Position during blood pressure and pulse measurement',
          dataType: 'CODED',
          codeListOid: CL_POSITION.oid,
          required: true,
          helpText: 'Per protocol: seated, after at least 5 minutes of rest.',
        },
        {
          oid: 'I.SYSBP',
          label: 'Systolic blood pressure',
          dataType: 'INTEGER',
          unit: 'mm[Hg]',
          required: true,
          hardRange: { min: 40, max: 300 },
          softRange: { min: 90, max: 160 },
          helpText: 'Same arm at every visit, appropriately sized cuff. Record the value as measured.',
        },
        {
          oid: 'I.DIABP',
          label: 'Diastolic blood pressure',
          dataType: 'INTEGER',
          unit: 'mm[Hg]',
          required: true,
          hardRange: { min: 20, max: 200 },
          softRange: { min: 60, max: 100 },
        },
        {
          oid: 'I.PULSE',
          label: 'Pulse rate',
          dataType: 'INTEGER',
          unit: '/min',
          required: true,
          hardRange: { min: 20, max: 250 },
          softRange: { min: 50, max: 100 },
          helpText: 'Counted over 30 seconds and doubled, or from the automated cuff.',
        },
        {
          oid: 'I.TEMP',
          label: 'Body temperature',
          dataType: 'DECIMAL',
          precision: 1,
          unit: 'Cel',
          required: true,
          hardRange: { min: 30, max: 45 },
          softRange: { min: 35.5, max: 38 },
          helpText: 'Tympanic or oral; use the same method at every visit.',
        },
        {
          oid: 'I.WEIGHT',
          label: 'Body weight',
          dataType: 'DECIMAL',
          precision: 1,
          unit: 'kg',
          required: true,
          hardRange: { min: 20, max: 350 },
          softRange: { min: 40, max: 150 },
          helpText: 'Light clothing, no shoes, calibrated scale.',
        },
      ],
    },
  ],
  codeLists: [CL_POSITION],
  checks: [
    {
      // Physiologically impossible, yet SOFT: the usual cause is two values swapped in the source,
      // and a hard check would block entering what the source shows. The query makes the site
      // check the source; cross-field checks raise queries, hard checks are type, format and dates.
      id: 'VS.DIABP_LT_SYSBP',
      kind: 'COMPARE',
      severity: 'SOFT',
      left: { group: VS, item: 'I.DIABP' },
      operator: '<',
      right: { group: VS, item: 'I.SYSBP' },
      message: 'Diastolic blood pressure should be below systolic. Please check the source and correct or confirm.',
    },
    {
      id: 'VS.WEIGHT_CHANGE',
      kind: 'CHANGE_FROM_BASELINE',
      severity: 'SOFT',
      item: { group: VS, item: 'I.WEIGHT' },
      maxPercent: 10,
      message: 'Body weight differs from Baseline by more than 10 %. Please confirm, or record an adverse event.',
    },
  ],
}
