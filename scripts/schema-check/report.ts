import { RULES, type Finding } from './findings'
import type { SchemaCheckReport } from './runSchemaCheck'

const MARK = { error: '✖', warning: '⚠', notice: 'ℹ' } as const

/** The report for people: one block per rule, each finding with where it is and what to do. */
export function renderReport(report: SchemaCheckReport): string {
  const lines = [`Schema check (base: ${report.base})`, '']
  for (const outcome of report.outcomes) {
    const errors = outcome.findings.filter((f) => f.severity === 'error').length
    const status = outcome.skipped
      ? `skipped (${outcome.skipped})`
      : errors
        ? `FAILED (${errors} error${errors > 1 ? 's' : ''})`
        : 'ok'
    lines.push(`${errors ? '✖' : outcome.skipped ? '–' : '✔'} ${outcome.rule}: ${RULES[outcome.rule]} — ${status}`)
    for (const finding of outcome.findings) lines.push(...renderFinding(finding))
  }
  const counts = countBySeverity(report)
  lines.push(
    '',
    report.ok
      ? `Schema check passed (${counts.warning} warning(s), ${counts.notice} notice(s)).`
      : `Schema check FAILED: ${counts.error} error(s), ${counts.warning} warning(s).`,
  )
  return lines.join('\n')
}

function renderFinding(finding: Finding): string[] {
  const where = [
    finding.file && `${finding.file}${finding.line ? `:${finding.line}` : ''}`,
    finding.path,
    finding.subgraphs?.length && `subgraphs: ${finding.subgraphs.join(', ')}`,
  ]
    .filter(Boolean)
    .join(' · ')
  const head = `    ${MARK[finding.severity]} [${finding.code}] ${finding.message}${where ? `\n      (${where})` : ''}`
  const detail = finding.detail ? finding.detail.split('\n').map((line) => `      ${line}`) : []
  return [head, ...detail]
}

function countBySeverity(report: SchemaCheckReport) {
  const counts = { error: 0, warning: 0, notice: 0 }
  for (const outcome of report.outcomes) for (const finding of outcome.findings) counts[finding.severity] += 1
  return counts
}

/** Machine-readable form (--json), e.g. for a CI system to annotate a pull request. */
export function reportJson(report: SchemaCheckReport): string {
  const findings = report.outcomes.flatMap((o) => o.findings)
  return JSON.stringify(
    {
      ok: report.ok,
      base: report.base,
      rules: report.outcomes.map((o) => ({
        rule: o.rule,
        description: RULES[o.rule],
        status: o.skipped ? 'skipped' : o.findings.some((f) => f.severity === 'error') ? 'failed' : 'passed',
        skipped: o.skipped,
      })),
      findings,
      counts: countBySeverity(report),
    },
    null,
    2,
  )
}
