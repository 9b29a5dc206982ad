import type { CreateStudyInput } from '../generated/graphql'

// Sponsor protocol ids are short upper-case codes such as "ONC-3017" (also what studyByProtocolId takes).
export const PROTOCOL_ID = /^[A-Z0-9][A-Z0-9-]{1,31}$/
// Arm, visit and criterion codes: short identifiers that exports and events carry as they are.
const CODE = /^[A-Z0-9][A-Z0-9_.-]{0,31}$/
const MAX_TEXT = 2000
// A visit far beyond any protocol's length is a typo (e.g. weeks entered as days twice).
const MAX_DAY_OFFSET = 3650
const MAX_WINDOW_DAYS = 365

/** Each code that occurs more than once, named once. */
const repeated = (what: string, codes: readonly string[]) =>
  [...new Set(codes.filter((code, i) => codes.indexOf(code) !== i))].map(
    (code) => `${what} ${code} is used more than once`,
  )

const textProblems = (fields: Record<string, string>) =>
  Object.entries(fields).flatMap(([name, value]) =>
    !value.trim()
      ? [`${name} is empty`]
      : value.length > MAX_TEXT
        ? [`${name} is longer than ${MAX_TEXT} characters`]
        : [],
  )

const codeProblems = (what: string, codes: readonly string[]) => [
  ...codes
    .filter((code) => !CODE.test(code))
    .map((code) => `${what} code "${code}" is not 1-32 upper-case letters, digits, "_", "." or "-"`),
  ...repeated(what, codes),
]

/**
 * Every problem of a study definition, so the study manager fixes them all at once; none means
 * it may be stored. A schedule needs exactly one BASELINE visit, at day 0 (the enrollment day,
 * which every other visit counts from); a randomisation needs at least two arms.
 */
export function studyDefinitionProblems(input: CreateStudyInput): string[] {
  const problems: string[] = []
  if (!PROTOCOL_ID.test(input.protocolId))
    problems.push(`protocolId "${input.protocolId}" is not 2-32 upper-case letters, digits and dashes`)
  problems.push(
    ...textProblems({
      title: input.title,
      shortTitle: input.shortTitle,
      sponsorName: input.sponsorName,
      therapeuticArea: input.therapeuticArea,
    }),
  )
  if (input.enrollmentTarget < 1) problems.push(`enrollmentTarget must be at least 1 (got ${input.enrollmentTarget})`)

  if (input.arms.length < 2)
    problems.push(`arms: a randomised study needs at least two arms (got ${input.arms.length})`)
  problems.push(
    ...codeProblems(
      'Arm',
      input.arms.map((a) => a.code),
    ),
  )
  for (const arm of input.arms) {
    problems.push(...textProblems({ [`Arm ${arm.code} name`]: arm.name }))
    if (arm.allocationRatio < 1)
      problems.push(`Arm ${arm.code}: allocationRatio must be at least 1 (got ${arm.allocationRatio})`)
  }
  for (const m of input.blockMultipliers ?? [])
    if (m < 1 || m > 10) problems.push(`blockMultipliers: ${m} is not between 1 and 10`)
  if (input.blockMultipliers?.length === 0)
    problems.push('blockMultipliers is empty (leave it out for the default [2, 3])')

  problems.push(...scheduleProblems(input.visitSchedule))

  problems.push(
    ...codeProblems(
      'Criterion',
      input.eligibilityCriteria.map((c) => c.code),
    ),
  )
  for (const c of input.eligibilityCriteria) problems.push(...textProblems({ [`Criterion ${c.code} text`]: c.text }))
  if (!input.eligibilityCriteria.some((c) => c.kind === 'INCLUSION'))
    problems.push('eligibilityCriteria: at least one INCLUSION criterion is needed')
  return problems
}

function scheduleProblems(visits: CreateStudyInput['visitSchedule']): string[] {
  const problems = codeProblems(
    'Visit',
    visits.map((v) => v.code),
  )
  const baselines = visits.filter((v) => v.visitType === 'BASELINE')
  if (baselines.length !== 1)
    problems.push(`visitSchedule: exactly one BASELINE visit is needed (got ${baselines.length})`)
  for (const v of visits) {
    const where = `Visit ${v.code}`
    problems.push(...textProblems({ [`${where} name`]: v.name }))
    if (v.visitType === 'BASELINE' && v.dayOffset !== 0)
      problems.push(`${where}: the BASELINE visit is day 0, the enrollment day (got dayOffset ${v.dayOffset})`)
    if (v.visitType === 'SCREENING' || v.visitType === 'UNSCHEDULED')
      problems.push(
        `${where}: ${v.visitType} visits are not planned in the schedule (screening comes before enrollment)`,
      )
    if (v.visitType !== 'BASELINE' && (v.dayOffset < 1 || v.dayOffset > MAX_DAY_OFFSET))
      problems.push(`${where}: dayOffset must be between 1 and ${MAX_DAY_OFFSET} after baseline (got ${v.dayOffset})`)
    for (const [name, days] of [
      ['windowBeforeDays', v.windowBeforeDays],
      ['windowAfterDays', v.windowAfterDays],
    ] as const)
      if (days < 0 || days > MAX_WINDOW_DAYS)
        problems.push(`${where}: ${name} must be between 0 and ${MAX_WINDOW_DAYS} (got ${days})`)
    problems.push(
      ...repeated(`${where}: form`, v.formOids),
      ...repeated(`${where}: questionnaire`, v.questionnaireCodes),
    )
    for (const oid of v.formOids) if (!oid.trim()) problems.push(`${where}: a form OID is empty`)
    for (const code of v.questionnaireCodes)
      if (!CODE.test(code)) problems.push(`${where}: questionnaire code "${code}" is not a code`)
  }
  const offsets = visits.map((v) => v.dayOffset)
  if (offsets.some((day, i) => i > 0 && day <= offsets[i - 1]!))
    problems.push('visitSchedule: visits must be listed in schedule order, each after the one before')
  return problems
}
