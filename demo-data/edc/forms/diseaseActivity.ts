import type { FormDefinition } from '../odmTypes'

const JOINTS_HELP =
  'Of the 28 DAS28 joints, both sides: shoulders, elbows, wrists, MCP 1-5, PIP 1-5 and knees. Assessed by a blinded joint assessor.'

export const DISEASE_ACTIVITY: FormDefinition = {
  oid: 'F.DAS28',
  name: 'Disease Activity (DAS28)',
  itemGroups: [
    {
      oid: 'IG.DAS28',
      name: 'DAS28 Components',
      repeating: false,
      items: [
        { oid: 'I.DASDAT', label: 'Date of assessment', dataType: 'DATE', required: true, noFutureDate: true },
        {
          oid: 'I.TJC28',
          label: 'Tender joint count (28 joints)',
          dataType: 'INTEGER',
          required: true,
          hardRange: { min: 0, max: 28 },
          critical: true,
          helpText: JOINTS_HELP,
        },
        {
          oid: 'I.SJC28',
          label: 'Swollen joint count (28 joints)',
          dataType: 'INTEGER',
          required: true,
          hardRange: { min: 0, max: 28 },
          critical: true,
          helpText: JOINTS_HELP,
        },
        {
          oid: 'I.CRP',
          label: 'C-reactive protein',
          dataType: 'DECIMAL',
          precision: 1,
          unit: 'mg/L',
          required: true,
          hardRange: { min: 0, max: 500 },
          softRange: { max: 100 },
          critical: true,
          helpText: 'Central laboratory, from the sample drawn at this visit. Primary endpoint: DAS28-CRP at Week 12.',
        },
        {
          oid: 'I.ESR',
          label: 'Erythrocyte sedimentation rate',
          dataType: 'INTEGER',
          unit: 'mm/h',
          required: false,
          hardRange: { min: 0, max: 200 },
          softRange: { max: 100 },
          helpText: 'Local laboratory, if done (Westergren).',
        },
        {
          oid: 'I.PTGA',
          label: "Patient's global assessment of disease activity",
          dataType: 'INTEGER',
          unit: 'mm',
          required: true,
          hardRange: { min: 0, max: 100 },
          critical: true,
          helpText: '100 mm visual analogue scale, 0 = very well, 100 = very poor; completed by the patient.',
        },
      ],
    },
  ],
  codeLists: [],
  checks: [],
}
