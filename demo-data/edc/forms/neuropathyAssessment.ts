import type { FormDefinition, ItemDef } from '../odmTypes'

/** One item of the clinical Total Neuropathy Score (TNSc, Cavaletti et al.): 0 (normal) to 4. */
const tnsItem = (oid: string, label: string, helpText: string): ItemDef => ({
  oid,
  label,
  dataType: 'INTEGER',
  required: true,
  hardRange: { min: 0, max: 4 },
  helpText,
})

export const NEUROPATHY_ASSESSMENT: FormDefinition = {
  oid: 'F.NEURO',
  name: 'Neuropathic Pain Assessment',
  itemGroups: [
    {
      oid: 'IG.NEURO',
      name: 'Neuropathic Pain',
      repeating: false,
      items: [
        { oid: 'I.NADAT', label: 'Date of assessment', dataType: 'DATE', required: true, noFutureDate: true },
        {
          oid: 'I.PAINAVG',
          label: 'Average neuropathic pain over the past 7 days (NRS-11)',
          dataType: 'INTEGER',
          required: true,
          hardRange: { min: 0, max: 10 },
          critical: true,
          helpText:
            '0 = no pain, 10 = worst pain imaginable. Ask before any other assessment. Primary endpoint: change from Baseline at Week 12.',
        },
      ],
    },
  ],
  codeLists: [],
  checks: [],
}

/**
 * The clinical Total Neuropathy Score (TNSc, 0-28): a neurological examination, done at Baseline and
 * at the end of participation rather than every visit.
 */
export const TOTAL_NEUROPATHY_SCORE: FormDefinition = {
  oid: 'F.TNS',
  name: 'Total Neuropathy Score (TNSc)',
  itemGroups: [
    {
      oid: 'IG.TNSC',
      name: 'Total Neuropathy Score, clinical version (TNSc)',
      repeating: false,
      items: [
        { oid: 'I.TNSDAT', label: 'Date of examination', dataType: 'DATE', required: true, noFutureDate: true },
        tnsItem(
          'I.TNSSENS',
          'Sensory symptoms',
          '0 none; 1 limited to fingers or toes; 2 extend to ankle or wrist; 3 extend to knee or elbow; 4 above knee or elbow, or functionally disabling.',
        ),
        tnsItem(
          'I.TNSMOT',
          'Motor symptoms',
          '0 none; 1 slight difficulty; 2 moderate difficulty; 3 requires assistance; 4 paralysis.',
        ),
        tnsItem(
          'I.TNSAUT',
          'Autonomic symptoms',
          'Number of autonomic symptoms (orthostatic dizziness, constipation, urinary, sexual, sweating): 0 to 4 or more.',
        ),
        tnsItem(
          'I.TNSPIN',
          'Pin sensibility',
          'Reduced up to: 0 normal; 1 fingers or toes; 2 wrist or ankle; 3 elbow or knee; 4 above elbow or knee.',
        ),
        tnsItem(
          'I.TNSVIB',
          'Vibration sensibility (128 Hz tuning fork)',
          'Reduced up to: 0 normal; 1 fingers or toes; 2 wrist or ankle; 3 elbow or knee; 4 above elbow or knee.',
        ),
        tnsItem(
          'I.TNSSTR',
          'Strength',
          '0 normal; 1 mild weakness; 2 moderate weakness; 3 severe weakness; 4 paralysis.',
        ),
        tnsItem(
          'I.TNSREF',
          'Deep tendon reflexes',
          '0 normal; 1 ankle reflex reduced; 2 ankle reflex absent; 3 ankle reflex absent, others reduced; 4 all reflexes absent.',
        ),
      ],
    },
  ],
  codeLists: [],
  checks: [],
}
