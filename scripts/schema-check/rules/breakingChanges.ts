import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core'
import type { GraphQLSchema } from 'graphql'
import type { Acknowledgement } from '../acknowledgements'
import { error, notice, warning, type Finding } from '../findings'

/**
 * Classifies every API-schema change against the base supergraph with @graphql-inspector:
 * breaking → error unless acknowledged in schema/breaking-changes.yaml (then a notice that prints
 * the reason); dangerous (e.g. a new enum value a client may not handle) → warning.
 */
export async function checkBreakingChanges(
  base: GraphQLSchema,
  current: GraphQLSchema,
  acknowledgements: Acknowledgement[],
  baseLabel: string,
): Promise<Finding[]> {
  const changes = await diff(base, current)
  const findings: Finding[] = []
  for (const change of changes) {
    const level = change.criticality.level
    if (level === CriticalityLevel.NonBreaking) continue
    const where = { path: change.path, code: change.type as string }
    if (level === CriticalityLevel.Dangerous) {
      findings.push(
        warning(
          'breaking-changes',
          where.code,
          `${change.message} (dangerous: ${change.criticality.reason ?? 'clients may behave differently'})`,
          { path: change.path },
        ),
      )
      continue
    }
    const acknowledged = acknowledgements.find((a) => a.change === change.type && a.path === change.path)
    if (acknowledged) {
      findings.push(
        notice('breaking-changes', where.code, `Acknowledged breaking change: ${change.message}`, {
          path: change.path,
          detail: `reason: ${acknowledged.reason}${acknowledged.acknowledgedBy ? ` (${acknowledged.acknowledgedBy}${acknowledged.date ? `, ${acknowledged.date}` : ''})` : ''}`,
        }),
      )
      continue
    }
    findings.push(
      error('breaking-changes', where.code, `Breaking change against ${baseLabel}: ${change.message}`, {
        path: change.path,
        detail: howToAcknowledge(change),
      }),
    )
  }
  return findings
}

function howToAcknowledge(change: Change): string {
  return [
    'If this break is intentional, acknowledge it in schema/breaking-changes.yaml:',
    '  acknowledged:',
    `    - change: ${change.type}`,
    `      path: ${change.path ?? '<schema coordinate>'}`,
    '      reason: <why no client is harmed, e.g. all clients moved to the replacement field in release X>',
  ].join('\n')
}
