import fs from 'node:fs'
import path from 'node:path'

/** The dashboards' named operations, exactly as committed in schema/operations/. */
export function operation(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'operations', `${name}.graphql`), 'utf8')
}
