import fs from 'node:fs'
import path from 'node:path'
import { parse, validate, type GraphQLSchema } from 'graphql'
import { error, type Finding } from '../findings'

/**
 * The dashboards' and apps' operations (schema/operations/*.graphql) must keep validating against
 * the API schema clients see: a removed field, a renamed type or a new required argument they do
 * not pass breaks a client at run time, so it fails here first.
 */
export function checkOperations(
  apiSchema: GraphQLSchema,
  operationsDir: string,
  relative: (file: string) => string,
): Finding[] {
  if (!fs.existsSync(operationsDir)) return []
  const findings: Finding[] = []
  for (const name of fs
    .readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const file = path.join(operationsDir, name)
    let document
    try {
      document = parse(fs.readFileSync(file, 'utf8'))
    } catch (e) {
      findings.push(
        error('operations', 'INVALID_GRAPHQL', `${name}: ${(e as Error).message}`, {
          file: relative(file),
          line: (e as { locations?: { line: number }[] }).locations?.[0]?.line,
        }),
      )
      continue
    }
    for (const problem of validate(apiSchema, document)) {
      findings.push(
        error('operations', 'INVALID_OPERATION', `${name}: ${problem.message}`, {
          file: relative(file),
          line: problem.locations?.[0]?.line,
        }),
      )
    }
  }
  return findings
}
