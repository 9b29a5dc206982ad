import type { CreateStudyInput } from '../../generated/graphql'
import { studyDefinitionProblems } from '../validateStudyDefinition'
import { studyTransitionProblem } from '../updateStudyStatus'

const visit = (code: string, visitType: CreateStudyInput['visitSchedule'][number]['visitType'], dayOffset: number) => ({
  code,
  name: code,
  visitType,
  dayOffset,
  windowBeforeDays: dayOffset === 0 ? 0 : 3,
  windowAfterDays: dayOffset === 0 ? 0 : 3,
  formOids: ['F.VS'],
  questionnaireCodes: [],
})
const valid: CreateStudyInput = {
  protocolId: 'ONC-9001',
  title: 'A study',
  shortTitle: 'Study',
  phase: 'PHASE_3',
  sponsorName: 'Example Pharma',
  therapeuticArea: 'Oncology',
  enrollmentTarget: 100,
  arms: [
    { code: 'A', name: 'Active', allocationRatio: 1 },
    { code: 'B', name: 'Placebo', allocationRatio: 1 },
  ],
  visitSchedule: [visit('BASELINE', 'BASELINE', 0), visit('W2', 'TREATMENT', 14), visit('EOS', 'END_OF_STUDY', 84)],
  eligibilityCriteria: [{ code: 'IN-01', kind: 'INCLUSION', text: 'Adult.' }],
}

it('finds nothing wrong with a valid definition', () => {
  expect(studyDefinitionProblems(valid)).toEqual([])
})

// One change each, and the one problem it must cause.
it.each<[string, Partial<CreateStudyInput>, string]>([
  [
    'a lower-case protocol id',
    { protocolId: 'onc 1' },
    'protocolId "onc 1" is not 2-32 upper-case letters, digits and dashes',
  ],
  ['an empty title', { title: '  ' }, 'title is empty'],
  ['one arm', { arms: [valid.arms[0]!] }, 'arms: a randomised study needs at least two arms (got 1)'],
  [
    'a bad arm code',
    { arms: [valid.arms[0]!, { ...valid.arms[1]!, code: 'b b' }] },
    'Arm code "b b" is not 1-32 upper-case letters, digits, "_", "." or "-"',
  ],
  [
    'an empty block multiplier list',
    { blockMultipliers: [] },
    'blockMultipliers is empty (leave it out for the default [2, 3])',
  ],
  ['a block multiplier of 0', { blockMultipliers: [0, 2] }, 'blockMultipliers: 0 is not between 1 and 10'],
  [
    'a screening visit in the schedule',
    { visitSchedule: [...valid.visitSchedule, visit('SCR', 'SCREENING', 100)] },
    'Visit SCR: SCREENING visits are not planned in the schedule (screening comes before enrollment)',
  ],
  [
    'visits out of order',
    { visitSchedule: [visit('BASELINE', 'BASELINE', 0), visit('W4', 'TREATMENT', 28), visit('W2', 'TREATMENT', 14)] },
    'visitSchedule: visits must be listed in schedule order, each after the one before',
  ],
  [
    'a visit code used twice',
    { visitSchedule: [visit('BASELINE', 'BASELINE', 0), visit('W2', 'TREATMENT', 14), visit('W2', 'TREATMENT', 28)] },
    'Visit W2 is used more than once',
  ],
  [
    'a criterion code used twice',
    { eligibilityCriteria: [...valid.eligibilityCriteria, { code: 'IN-01', kind: 'EXCLUSION', text: 'x' }] },
    'Criterion IN-01 is used more than once',
  ],
])('names %s', (_what, change, problem) => {
  expect(studyDefinitionProblems({ ...valid, ...change })).toEqual([problem])
})

it.each([
  ['NOT_YET_RECRUITING', 'RECRUITING', null],
  ['RECRUITING', 'SUSPENDED', null],
  ['SUSPENDED', 'RECRUITING', null],
  ['NOT_YET_RECRUITING', 'WITHDRAWN', null],
  [
    'RECRUITING',
    'WITHDRAWN',
    'Only a study not yet recruiting can be WITHDRAWN (this one is RECRUITING); use TERMINATED.',
  ],
  ['COMPLETED', 'RECRUITING', 'The study is COMPLETED; its status no longer changes.'],
  ['TERMINATED', 'RECRUITING', 'The study is TERMINATED; its status no longer changes.'],
] as const)('a study goes from %s to %s: %s', (from, to, problem) => {
  expect(studyTransitionProblem(from, to)).toBe(problem)
})
