import type { FormDefinition } from '../odmTypes'
import { CL_DOSE_UNIT, CL_ROUTE, CL_YN } from './codeLists'

const CM = 'IG.CM'

export const CONCOMITANT_MEDICATIONS: FormDefinition = {
  oid: 'F.CM',
  name: 'Concomitant Medications',
  itemGroups: [
    {
      oid: 'IG.CMYN',
      name: 'Medication Screening Question',
      repeating: false,
      items: [
        {
          oid: 'I.CMYN',
          label: 'Has the subject taken any medication other than study drug?',
          dataType: 'CODED',
          codeListOid: CL_YN.oid,
          required: true,
          helpText:
            'At Baseline: every medication taken in the 30 days before Baseline. At later visits: medications started or changed since the previous visit.',
        },
      ],
    },
    {
      oid: CM,
      name: 'Concomitant Medications',
      repeating: true,
      items: [
        {
          oid: 'I.CMTRT',
          label: 'Medication name',
          dataType: 'TEXT',
          maxLength: 200,
          required: true,
          helpText: 'Generic name preferred; coded centrally to WHODrug.',
        },
        {
          oid: 'I.CMDOSE',
          label: 'Dose per administration',
          dataType: 'DECIMAL',
          precision: 2,
          required: true,
          hardRange: { min: 0 },
        },
        { oid: 'I.CMDOSU', label: 'Dose unit', dataType: 'CODED', codeListOid: CL_DOSE_UNIT.oid, required: true },
        { oid: 'I.CMROUTE', label: 'Route', dataType: 'CODED', codeListOid: CL_ROUTE.oid, required: true },
        {
          oid: 'I.CMINDC',
          label: 'Indication',
          dataType: 'TEXT',
          maxLength: 200,
          required: true,
          helpText: 'The diagnosis treated; for a prophylactic medication, what it prevents.',
        },
        {
          oid: 'I.CMSTDAT',
          label: 'Start date',
          dataType: 'PARTIAL_DATE',
          required: true,
          noFutureDate: true,
          helpText: 'If the day or month is not known, enter the year and month, or the year only.',
        },
        {
          oid: 'I.CMENDAT',
          label: 'End date',
          dataType: 'PARTIAL_DATE',
          required: false,
          noFutureDate: true,
          helpText: 'Leave blank while the medication is ongoing.',
        },
        { oid: 'I.CMONGO', label: 'Ongoing', dataType: 'CODED', codeListOid: CL_YN.oid, required: true },
      ],
    },
  ],
  codeLists: [CL_YN, CL_DOSE_UNIT, CL_ROUTE],
  checks: [
    {
      // SOFT: date order is a cross-field check, resolved through a query against the source.
      id: 'CM.END_GE_START',
      kind: 'COMPARE',
      severity: 'SOFT',
      left: { group: CM, item: 'I.CMENDAT' },
      operator: '>=',
      right: { group: CM, item: 'I.CMSTDAT' },
      message: 'The end date is before the start date.',
    },
  ],
}
