import fs from 'node:fs'
import path from 'node:path'
import { parse, visit } from 'graphql'
import { errorCatalog } from '../docs/errorCatalog'
import { AUDIT_OPERATIONS } from '../../subgraph-runtime/audit/auditTrail'
import { ANONYMOUS_ROLE, SYSTEM_ROLE } from '../../subgraph-runtime/audit/auditActor'
import { SUBGRAPH_NAMES } from '../../subgraph-runtime/config'
import { GRANTS_CHANGED_REASON } from '../../contracts/grantsVersions'

// What a schema description promises a client must be true: a code-like word in one (upper case
// with an underscore, e.g. NOT_FOUND) must be a registered error code, an enum value of the
// schemas, an audit trail's operation or actor, or a documented `extensions.reason` — not a code
// that nothing raises.
const root = path.resolve(__dirname, '..', '..')
const CODE_LIKE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g

it('names only registered error codes (or enum values, or audit operations) in schema descriptions', () => {
  const documents = SUBGRAPH_NAMES.map((name) => ({
    name,
    document: parse(fs.readFileSync(path.join(root, 'subgraphs', name, 'schema.graphql'), 'utf8')),
  }))
  const known = new Set<string>([
    ...errorCatalog().map((d) => d.code),
    ...AUDIT_OPERATIONS,
    SYSTEM_ROLE,
    ANONYMOUS_ROLE,
    GRANTS_CHANGED_REASON,
  ])
  for (const { document } of documents)
    visit(document, { EnumValueDefinition: (node) => void known.add(node.name.value) })
  const unknown: string[] = []
  for (const { name, document } of documents) {
    visit(document, {
      enter(node) {
        const description = 'description' in node ? node.description?.value : undefined
        for (const word of description?.match(CODE_LIKE) ?? []) if (!known.has(word)) unknown.push(`${name}: ${word}`)
      },
    })
  }
  expect(unknown).toEqual([])
})
