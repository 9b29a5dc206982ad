import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

/**
 * The supergraph to compare against: a file (a recorded baseline, or a test fixture), or the
 * committed schema/supergraph.graphql at a git revision — by default the commit before HEAD, i.e.
 * what main served before this change (set SCHEMA_CHECK_BASE or --base for a PR's merge base).
 */
export type BaseSpec = { kind: 'file'; path: string } | { kind: 'git'; rev: string } | { kind: 'none' }

export interface Baseline {
  sdl: string
  label: string
}

export function loadBaseline(
  spec: BaseSpec,
  root: string,
  supergraphPath = 'schema/supergraph.graphql',
): Baseline | { missing: string } {
  if (spec.kind === 'none') return { missing: 'no base given' }
  if (spec.kind === 'file') {
    if (!fs.existsSync(spec.path)) return { missing: `base file ${spec.path} does not exist` }
    return { sdl: fs.readFileSync(spec.path, 'utf8'), label: spec.path }
  }
  try {
    const sdl = execFileSync('git', ['show', `${spec.rev}:${supergraphPath}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const commit = execFileSync('git', ['rev-parse', '--short', spec.rev], { cwd: root, encoding: 'utf8' }).trim()
    return { sdl, label: `the supergraph at ${spec.rev} (${commit})` }
  } catch {
    return {
      missing: `${supergraphPath} does not exist at git revision ${spec.rev} (first commit, or a shallow clone)`,
    }
  }
}
