import { buildSchema, parse, type OperationDefinitionNode } from 'graphql'
import { resumesFromPosition } from '../resumePosition'

// A subscription resumes when its root field's `after` is given, inline, as a variable, or
// through a fragment; a null or absent `after`, or a field without one, is a live subscription.
const schema = buildSchema(`
  type Query { ok: Boolean }
  type Alert { id: ID! }
  type Subscription {
    alerts(siteIds: [ID!]!, after: String): Alert!
    ticks(after: Int): Int
    pings: Int
  }
`)

function resumes(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query)
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode
  return resumesFromPosition(schema, document, operation, variables)
}

it.each([
  ['inline', 'subscription { alerts(siteIds: ["s"], after: "c1") { id } }', {}],
  ['as a variable', 'subscription($a: String) { alerts(siteIds: ["s"], after: $a) { id } }', { a: 'c1' }],
  ['under an alias', 'subscription { feed: alerts(siteIds: ["s"], after: "c1") { id } }', {}],
  [
    'through a named fragment',
    'subscription { ...F } fragment F on Subscription { alerts(siteIds: [], after: "c") { id } }',
    {},
  ],
  ['through an inline fragment', 'subscription { ... on Subscription { ticks(after: 0) } }', {}],
])('resumes when `after` is given %s', (_how, query, variables) => {
  expect(resumes(query, variables)).toBe(true)
})

it.each([
  ['absent', 'subscription { alerts(siteIds: ["s"]) { id } }', {}],
  ['null', 'subscription { alerts(siteIds: ["s"], after: null) { id } }', {}],
  ['an unset variable', 'subscription($a: String) { alerts(siteIds: ["s"], after: $a) { id } }', {}],
  ['a null variable', 'subscription($a: String) { alerts(siteIds: ["s"], after: $a) { id } }', { a: null }],
  ['not an argument of the field', 'subscription { pings }', {}],
])('is live when `after` is %s', (_how, query, variables) => {
  expect(resumes(query, variables)).toBe(false)
})
