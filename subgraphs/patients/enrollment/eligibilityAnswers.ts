export interface ProtocolCriterion {
  code: string
  kind: 'INCLUSION' | 'EXCLUSION'
}
export interface EligibilityAnswer extends ProtocolCriterion {
  met: boolean
}

/**
 * What is wrong with a screening's eligibility answers against the protocol's criteria (pure):
 * every criterion of the protocol answered exactly once, as the kind the protocol gives it, and
 * nothing the protocol does not have. An empty list means the answers may be recorded. Codes are
 * compared trimmed, as they are stored.
 */
export function eligibilityProblems(
  answers: readonly EligibilityAnswer[],
  protocol: readonly ProtocolCriterion[],
): string[] {
  const problems: string[] = []
  const kindOf = new Map(protocol.map((c) => [c.code, c.kind]))
  const seen = new Set<string>()
  for (const answer of answers) {
    const code = answer.code.trim()
    const kind = kindOf.get(code)
    if (seen.has(code)) problems.push(`Criterion "${code}" is answered more than once.`)
    else if (!kind) problems.push(`Criterion "${code}" is not one of the protocol's.`)
    else if (kind !== answer.kind)
      problems.push(
        `Criterion "${code}" is an ${kind.toLowerCase()} criterion in the protocol, not ${answer.kind.toLowerCase()}.`,
      )
    seen.add(code)
  }
  for (const criterion of protocol)
    if (!seen.has(criterion.code))
      problems.push(`Criterion "${criterion.code}" (${criterion.kind.toLowerCase()}) is not answered.`)
  return problems
}

/** Eligible when every inclusion criterion is met and no exclusion criterion is present. */
export const isEligible = (answers: readonly EligibilityAnswer[]) =>
  answers.every((a) => (a.kind === 'INCLUSION' ? a.met : !a.met))
