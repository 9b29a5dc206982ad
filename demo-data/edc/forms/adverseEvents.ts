import type { FormDefinition } from '../odmTypes'
import { CL_ACTION, CL_RELATIONSHIP, CL_SEVERITY, CL_YN } from './codeLists'

const AE = 'IG.AE'

export const ADVERSE_EVENTS: FormDefinition = {
  oid: 'F.AE',
  name: 'Adverse Events',
  itemGroups: [
    {
      oid: 'IG.AEYN',
      name: 'Adverse Event Screening Question',
      repeating: false,
      items: [
        {
          oid: 'I.AEYN',
          label: 'Has the subject experienced any adverse event since the previous visit?',
          dataType: 'CODED',
          codeListOid: CL_YN.oid,
          required: true,
        },
      ],
    },
    {
      oid: AE,
      name: 'Adverse Events',
      repeating: true,
      items: [
        {
          oid: 'I.AETERM',
          label: 'Adverse event term',
          dataType: 'TEXT',
          maxLength: 200,
          required: true,
          helpText: 'A diagnosis rather than its signs and symptoms where one is known; coded centrally to MedDRA.',
        },
        { oid: 'I.AESTDAT', label: 'Start date', dataType: 'DATE', required: true, noFutureDate: true },
        {
          oid: 'I.AEENDAT',
          label: 'End date',
          dataType: 'DATE',
          required: false,
          noFutureDate: true,
          helpText: 'Leave blank while the event is ongoing.',
        },
        {
          oid: 'I.AETOXGR',
          label: 'Severity (CTCAE v5.0 grade)',
          dataType: 'CODED',
          codeListOid: CL_SEVERITY.oid,
          required: true,
          critical: true,
          helpText: 'The highest grade reached; use the term-specific CTCAE v5.0 criteria.',
        },
        {
          oid: 'I.AESER',
          label: 'Serious',
          dataType: 'CODED',
          codeListOid: CL_YN.oid,
          required: true,
          critical: true,
          helpText:
            'Serious (ICH E2A): results in death, is life-threatening, requires or prolongs hospitalisation, results in persistent disability, is a congenital anomaly or another important medical event. Report a serious event to the sponsor within 24 hours of becoming aware.',
        },
        {
          oid: 'I.AEREL',
          label: 'Relationship to study drug',
          dataType: 'CODED',
          codeListOid: CL_RELATIONSHIP.oid,
          required: true,
          helpText: "The investigator's assessment.",
        },
        {
          oid: 'I.AEACN',
          label: 'Action taken with study drug',
          dataType: 'CODED',
          codeListOid: CL_ACTION.oid,
          required: true,
        },
      ],
    },
  ],
  codeLists: [CL_YN, CL_SEVERITY, CL_RELATIONSHIP, CL_ACTION],
  checks: [
    {
      id: 'AE.END_GE_START',
      kind: 'COMPARE',
      severity: 'SOFT',
      left: { group: AE, item: 'I.AEENDAT' },
      operator: '>=',
      right: { group: AE, item: 'I.AESTDAT' },
      message: 'The end date is before the start date.',
    },
  ],
}
