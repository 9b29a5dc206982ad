import type { StudyEventDef } from './odmTypes'

/**
 * Per study protocol id, the forms of each visit type (ODM StudyEventDef → FormRef), in the order a
 * site fills them in. Screening captures demographics and vital signs; adverse events are collected
 * from the first dose on (Baseline is the day of randomisation and first dose, so events start being
 * asked about at the next visit); the efficacy form follows the dosing period. The oncology study
 * examines neuropathy (TNSc) and images tumours at Baseline and at the end of participation
 * (follow-up or early termination).
 */
export const EVENT_DEFS: Readonly<Record<string, readonly StudyEventDef[]>> = {
  'ONC-3017': [
    { visitType: 'SCREENING', formOids: ['F.DM', 'F.VS'] },
    { visitType: 'BASELINE', formOids: ['F.VS', 'F.CM', 'F.NEURO', 'F.TNS', 'F.TA'] },
    { visitType: 'TREATMENT', formOids: ['F.VS', 'F.AE', 'F.CM', 'F.NEURO'] },
    { visitType: 'FOLLOW_UP', formOids: ['F.VS', 'F.AE', 'F.TNS', 'F.TA'] },
    { visitType: 'END_OF_STUDY', formOids: ['F.VS', 'F.AE', 'F.TNS', 'F.TA'] },
    { visitType: 'UNSCHEDULED', formOids: ['F.VS', 'F.AE'] },
  ],
  'RHE-2204': [
    { visitType: 'SCREENING', formOids: ['F.DM', 'F.VS'] },
    { visitType: 'BASELINE', formOids: ['F.VS', 'F.CM', 'F.DAS28'] },
    { visitType: 'TREATMENT', formOids: ['F.VS', 'F.AE', 'F.CM', 'F.DAS28'] },
    { visitType: 'FOLLOW_UP', formOids: ['F.VS', 'F.AE'] },
    { visitType: 'END_OF_STUDY', formOids: ['F.VS', 'F.AE'] },
    { visitType: 'UNSCHEDULED', formOids: ['F.VS', 'F.AE'] },
  ],
}
