/**
 * What a schema check reports. Errors fail the check; warnings are printed and do not; notices
 * record what was accepted on purpose (an acknowledged breaking change).
 */
export type Severity = 'error' | 'warning' | 'notice'

export const RULES = {
  'subgraph-sdl': 'each subgraph SDL parses and is a Federation 2 subgraph',
  composition: 'the subgraphs compose into a supergraph',
  'supergraph-current': 'schema/supergraph.graphql is what composition produces now',
  'breaking-changes': 'no unacknowledged breaking change to the API schema against the base supergraph',
  operations: 'every operation in schema/operations/ validates against the API schema',
  'generated-types': 'generated resolver types match their SDL',
  'prisma-migrations': 'every schema.prisma change is carried by a committed migration',
} as const

export type RuleName = keyof typeof RULES

export interface Finding {
  rule: RuleName
  severity: Severity
  /** A stable code: a composition error code, a graphql-inspector change type, STALE_FILE... */
  code: string
  message: string
  subgraphs?: string[]
  /** Repository-relative file the finding is about, with a line when known. */
  file?: string
  line?: number
  /** Schema coordinate for schema changes, e.g. "Patient.arm". */
  path?: string
  /** Extra text for people: a diff, the reason an acknowledged change gave. */
  detail?: string
}

export interface RuleOutcome {
  rule: RuleName
  findings: Finding[]
  /** A rule that could not run because an earlier one failed (e.g. no supergraph to diff). */
  skipped?: string
}

export const error = (rule: RuleName, code: string, message: string, extra: Partial<Finding> = {}): Finding => ({
  rule,
  severity: 'error',
  code,
  message,
  ...extra,
})
export const warning = (rule: RuleName, code: string, message: string, extra: Partial<Finding> = {}): Finding => ({
  rule,
  severity: 'warning',
  code,
  message,
  ...extra,
})
export const notice = (rule: RuleName, code: string, message: string, extra: Partial<Finding> = {}): Finding => ({
  rule,
  severity: 'notice',
  code,
  message,
  ...extra,
})
