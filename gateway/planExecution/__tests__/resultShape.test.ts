import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { composeServices } from '@apollo/composition'
import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals'
// eslint-disable-next-line local/public-entry-points -- the reference of this test: Apollo's shaping, not exported (2.14.4, pinned)
import { computeResponse } from '@apollo/gateway/dist/resultShaping'
import {
  Kind,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql'
import { drawFrom, operationArbitrary, type Draw } from '../../../test/support/operationGenerator'
import { compileResultShape } from '../resultShape'

// The compiled shape against the one it replaces: @apollo/gateway's computeResponse (2.14), on
// generated operations over the real API schema and generated subgraph data — including what a
// faulty subgraph sends: nulls in non-null fields, missing fields, an unknown or wrong
// __typename, values of the wrong kind. Data, errors (message and path) and thrown failures must
// be the same.

const supergraph = Supergraph.build(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
)
const apiSchema = supergraph.apiSchema()

/** Subgraph data for an operation's selections, with a fault now and then. */
function dataFor(schema: GraphQLSchema, document: DocumentNode, draw: Draw): Record<string, unknown> {
  const typeNames = Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__'))
  const root = Object.create(null) as Record<string, unknown>
  const operation = document.definitions[0]!
  if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('one operation expected')
  fill(schema.getQueryType()!, operation.selectionSet, root)
  return root

  function fill(parent: GraphQLOutputType, selectionSet: SelectionSetNode, target: Record<string, unknown>) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        fill(parent, selection.selectionSet, target)
        continue
      }
      if (selection.kind !== Kind.FIELD) continue
      const name = selection.alias?.value ?? selection.name.value
      if (draw.chance(4)) continue // a field the subgraph left out
      if (selection.name.value === '__typename') {
        target[name] = draw.chance(85) ? concreteName(parent) : typeNames[draw.below(typeNames.length)]
        continue
      }
      const parentType = getNamedType(parent)
      const field = 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined
      if (!field) continue
      target[name] = valueOf(field.type, selection.selectionSet)
    }
  }

  function concreteName(type: GraphQLOutputType): string {
    const named = getNamedType(type)
    if (isAbstractType(named)) {
      const members = schema.getPossibleTypes(named)
      return members[draw.below(members.length)]!.name
    }
    return named.name
  }

  function valueOf(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined): unknown {
    if (draw.chance(8)) return null
    if (isNonNullType(type)) return valueOf(type.ofType, selectionSet)
    if (isListType(type)) return Array.from({ length: draw.below(3) }, () => valueOf(type.ofType, selectionSet))
    const named = getNamedType(type)
    if (isCompositeType(named)) {
      if (draw.chance(3)) return 'not an object'
      const object = Object.create(null) as Record<string, unknown>
      // A subgraph may leave __typename out: the parent's type then decides which fragments apply.
      if (draw.chance(85)) object.__typename = concreteName(named)
      else if (draw.chance(50)) object.__typename = typeNames[draw.below(typeNames.length)]
      object.id = 'key-field-the-client-did-not-ask-for'
      if (selectionSet) fill(named, selectionSet, object)
      return object
    }
    if (draw.chance(5)) return [true, 1.5, 'text', 7, {}][draw.below(5)]
    if (isEnumType(named)) {
      const values = named.getValues()
      return draw.chance(90) ? values[draw.below(values.length)]!.value : 'NOT_A_MEMBER'
    }
    switch (named.name) {
      case 'Int':
        return draw.below(1000)
      case 'Float':
        return draw.below(1000) / 8
      case 'Boolean':
        return draw.chance(50)
      default:
        return `v${draw.below(100)}`
    }
  }
}

function outcome(run: () => { data: unknown; errors: readonly { message: string; path?: unknown }[] }) {
  try {
    const { data, errors } = run()
    return { data: JSON.parse(JSON.stringify(data ?? null)), errors: errors.map((e) => [e.message, e.path]) }
  } catch (error) {
    return { thrown: (error as Error).message }
  }
}

const introspect = () => ({ introspected: true })

/**
 * Each generated operation is compiled once and shapes two independent sets of data, as a cached
 * plan serves many requests: a shape that kept something of one request would differ on the next.
 */
function compareOnGenerated(schema: Schema, rootField: string) {
  const graphql = schema.toGraphQLJSSchema()
  let compared = 0
  fc.assert(
    fc.property(operationArbitrary(graphql, rootField, { maxDepth: 4, maxFields: 5 }), fc.gen(), (generated, g) => {
      const document = parse(generated.query)
      if (validate(graphql, document).length > 0) return // conflicting merges: refused before execution
      const draw = drawFrom(g)
      const operation = operationFromDocument(schema, document, { validate: false })
      const variables = { id: 'p-1', ...generated.variables }
      const shape = compileResultShape(operation)
      for (const input of [dataFor(graphql, document, draw), dataFor(graphql, document, draw)]) {
        const stock = outcome(() => computeResponse({ operation, variables, input, introspectionHandling: introspect }))
        expect(outcome(() => shape.shape(input, variables, introspect))).toEqual(stock)
      }
      compared++
    }),
    { numRuns: 150, seed: 20261206, endOnFailure: true },
  )
  // Most generated operations are valid: a generator that produced none would compare nothing.
  expect(compared).toBeGreaterThan(100)
}

describe.each(['patient', 'study', 'site', 'me', 'form'])('shaping answers under %s', (rootField) => {
  it('gives the data, errors and failures of @apollo/gateway computeResponse', () => {
    compareOnGenerated(apiSchema, rootField)
  })
})

// The trial's API has no interfaces or unions; a gateway must still shape them right.
const abstractSchema = Supergraph.build(
  composeServices([
    {
      name: 'catalog',
      url: 'http://catalog',
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { node(id: ID!): Node, item(id: ID!): Item }
        interface Node { id: ID!, label: String }
        type Kit implements Node @key(fields: "id") { id: ID!, label: String, lot: String!, expires: Int }
        type Visit implements Node @key(fields: "id") { id: ID!, label: String, day: Int!, done: Boolean }
        type Depot { id: ID!, city: String, kits: [Kit!] }
        union Item = Kit | Visit | Depot
      `),
    },
  ]).supergraphSdl!,
).apiSchema()

describe.each(['node', 'item'])('shaping answers of an interface and a union (%s)', (rootField) => {
  it('gives the data, errors and failures of @apollo/gateway computeResponse', () => {
    compareOnGenerated(abstractSchema, rootField)
  })
})

it('reuses one compiled shape across requests with different variables and data', () => {
  const document = parse('query($a: Boolean!) { me { id displayName @include(if: $a) roles { role study { id } } } }')
  const operation = operationFromDocument(apiSchema, document, { validate: false })
  const shape = compileResultShape(operation)
  const input = (name: string) => ({
    me: { __typename: 'User', id: 'u', displayName: name, roles: [{ role: 'CRC', study: null }] },
  })
  for (const [a, name] of [
    [true, 'first'],
    [false, 'second'],
    [true, 'third'],
  ] as const) {
    const stock = computeResponse({
      operation,
      variables: { a },
      input: input(name),
      introspectionHandling: introspect,
    })
    expect(shape.shape(input(name), { a }, introspect)).toEqual(stock)
  }
})
