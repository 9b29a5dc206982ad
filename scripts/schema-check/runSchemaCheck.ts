import path from 'node:path'
import type { GraphQLSchema } from 'graphql'
import { readRoverConfig } from '../compose/roverConfig'
import { composeSupergraph } from '../compose/composeSupergraph'
import { readAcknowledgements } from './acknowledgements'
import { apiSchemaOf } from '../../platform/graphql/apiSchema'
import { loadBaseline, type BaseSpec } from './baseline'
import { error, warning, type RuleName, type RuleOutcome } from './findings'
import { checkSubgraphSdl } from './rules/subgraphSdl'
import { checkSupergraphCurrent } from './rules/supergraphCurrent'
import { checkBreakingChanges } from './rules/breakingChanges'
import { checkOperations } from './rules/operations'
import { checkGeneratedTypes, checkPrismaMigrations } from './rules/generatedArtifacts'

export interface SchemaCheckOptions {
  /** Repository root (a temporary copy in tests). */
  root: string
  base: BaseSpec
  /** Rules to leave out, e.g. the slower Prisma migration diff. */
  skip?: RuleName[]
}

export interface SchemaCheckReport {
  ok: boolean
  base: string
  outcomes: RuleOutcome[]
}

/**
 * Everything `rover subgraph check` would tell us, offline: valid subgraphs, composition, the
 * committed supergraph being current, no unacknowledged breaking change, operations still valid,
 * and generated code current. Rules that need a supergraph are skipped when composition fails.
 */
export async function runSchemaCheck(options: SchemaCheckOptions): Promise<SchemaCheckReport> {
  const { root } = options
  const skip = new Set(options.skip ?? [])
  const relative = (file: string) => path.relative(root, file)
  const outcomes: RuleOutcome[] = []
  const skipAll = (rules: RuleName[], reason: string) =>
    rules.forEach((rule) => outcomes.push({ rule, findings: [], skipped: reason }))

  const config = readRoverConfig(path.join(root, 'rover.yaml'))
  const sdl = checkSubgraphSdl(config, relative)
  outcomes.push({ rule: 'subgraph-sdl', findings: sdl.findings })

  const composition = composeSupergraph(config)
  const hints = composition.hints.map((h) => warning('composition', h.code, h.message, { subgraphs: h.subgraphs }))
  if (!composition.ok) {
    outcomes.push({
      rule: 'composition',
      findings: [
        ...composition.errors.map((e) => error('composition', e.code, e.message, { subgraphs: e.subgraphs })),
        ...hints,
      ],
    })
    skipAll(['supergraph-current', 'breaking-changes', 'operations'], 'composition failed')
  } else {
    outcomes.push({ rule: 'composition', findings: hints })
    outcomes.push({
      rule: 'supergraph-current',
      findings: checkSupergraphCurrent(
        composition.supergraphSdl,
        path.join(root, 'schema', 'supergraph.graphql'),
        'schema/supergraph.graphql',
      ),
    })
    const api = apiSchemaOf(composition.supergraphSdl)
    outcomes.push(await breakingChanges(options, api))
    outcomes.push({
      rule: 'operations',
      findings: checkOperations(api, path.join(root, 'schema', 'operations'), relative),
    })
  }

  if (!skip.has('generated-types'))
    outcomes.push({ rule: 'generated-types', findings: await checkGeneratedTypes(root) })
  else skipAll(['generated-types'], 'skipped on request')
  if (!skip.has('prisma-migrations'))
    outcomes.push({ rule: 'prisma-migrations', findings: await checkPrismaMigrations(root) })
  else skipAll(['prisma-migrations'], 'skipped on request')

  const baseline = loadBaseline(options.base, root)
  return {
    ok: outcomes.every((o) => o.findings.every((f) => f.severity !== 'error')),
    base: 'label' in baseline ? baseline.label : `none (${baseline.missing})`,
    outcomes,
  }
}

async function breakingChanges(options: SchemaCheckOptions, current: GraphQLSchema): Promise<RuleOutcome> {
  const baseline = loadBaseline(options.base, options.root)
  if ('missing' in baseline) {
    // Visible, but not a failure: the first commit, or a shallow clone, has nothing to compare with.
    return {
      rule: 'breaking-changes',
      findings: [
        warning(
          'breaking-changes',
          'NO_BASELINE',
          `No base supergraph to compare with (${baseline.missing}); breaking changes were not checked.`,
        ),
      ],
    }
  }
  let base: GraphQLSchema
  try {
    base = apiSchemaOf(baseline.sdl)
  } catch (e) {
    return {
      rule: 'breaking-changes',
      findings: [
        error(
          'breaking-changes',
          'INVALID_BASELINE',
          `The base supergraph (${baseline.label}) cannot be read: ${(e as Error).message}`,
        ),
      ],
    }
  }
  const acknowledgements = readAcknowledgements(path.join(options.root, 'schema', 'breaking-changes.yaml'))
  return {
    rule: 'breaking-changes',
    findings: await checkBreakingChanges(base, current, acknowledgements, baseline.label),
  }
}
