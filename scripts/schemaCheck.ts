import path from 'node:path'
import { runSchemaCheck } from './schema-check/runSchemaCheck'
import { renderReport, reportJson } from './schema-check/report'
import { RULES, type RuleName } from './schema-check/findings'
import type { BaseSpec } from './schema-check/baseline'

/**
 * npm run schema:check [-- --json] [--base <git-rev> | --base-file <supergraph.graphql>] [--skip <rule>] [--root <dir>]
 * Exit 0 when no rule reports an error, 1 otherwise, 2 on bad usage.
 */
function parseArgs(argv: string[]) {
  let base: BaseSpec = { kind: 'git', rev: process.env.SCHEMA_CHECK_BASE || 'HEAD~1' }
  const skip: RuleName[] = []
  let json = false
  let root = path.resolve(__dirname, '..')
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') json = true
    else if (arg === '--base' && argv[i + 1]) base = { kind: 'git', rev: argv[++i]! }
    else if (arg === '--base-file' && argv[i + 1]) base = { kind: 'file', path: path.resolve(argv[++i]!) }
    else if (arg === '--root' && argv[i + 1]) root = path.resolve(argv[++i]!)
    else if (arg === '--skip' && argv[i + 1] && argv[i + 1]! in RULES) skip.push(argv[++i] as RuleName)
    else {
      console.error(
        `Unknown argument ${arg}.\nusage: npm run schema:check -- [--json] [--base <git-rev> | --base-file <file>] [--skip <${Object.keys(RULES).join('|')}>] [--root <dir>]`,
      )
      process.exit(2)
    }
  }
  return { base, skip, json, root }
}

async function main() {
  const { base, skip, json, root } = parseArgs(process.argv.slice(2))
  const report = await runSchemaCheck({ root, base, skip })
  console.log(json ? reportJson(report) : renderReport(report))
  process.exitCode = report.ok ? 0 : 1
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
