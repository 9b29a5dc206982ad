import fs from 'node:fs'
import path from 'node:path'
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql'
import { apiSchemaOf } from '../../../platform/graphql/apiSchema'
import { DEFAULT_RATE_LIMITS } from '../rateLimitSettings'
import { chargeFor, estimatedObjects } from '../operationCost'

const root = path.join(__dirname, '..', '..', '..')
const schema = apiSchemaOf(fs.readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8'))
const committed = (name: string) => fs.readFileSync(path.join(root, 'schema', 'operations', `${name}.graphql`), 'utf8')

function charge(query: string, variables: Record<string, unknown> = {}, signedIn = true) {
  const document = parse(query)
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!
  return chargeFor({ schema, document, operation, variables, signedIn }, DEFAULT_RATE_LIMITS.objectsPerToken)
}

function objects(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query)
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  )
  return estimatedObjects(schema, operation, fragments, variables)
}

describe('what an operation costs (default: one token per 500 objects)', () => {
  it.each([
    ['a site dashboard page of 50 (the default page)', 'SiteDashboard', { siteId: 's' }, 1],
    ['a site dashboard page of 100', 'SiteDashboard', { siteId: 's', first: 100 }, 2],
    ['the patient full view (30 diary entries, 50 lab results)', 'PatientFullView', { id: 'p' }, 1],
    ['the patient full view with 1,000 lab results', 'PatientFullView', { id: 'p', labs: 1000 }, 5],
  ])('%s', (_label, name, variables, tokens) => {
    expect(charge(committed(name), variables)).toEqual({ operationClass: 'query', tokens })
  })

  it('a mutation costs one token per root field, each a write; aliases do not make writes free', () => {
    expect(charge(committed('SubmitEproEntry'), { input: {} })).toEqual({ operationClass: 'mutation', tokens: 1 })
    expect(
      charge('mutation { a: signOut(refreshToken: "r") b: signOut(refreshToken: "r") c: signOut(refreshToken: "r") }'),
    ).toEqual({ operationClass: 'mutation', tokens: 3 })
  })

  it('an anonymous caller is charged to the anonymous class, whatever the operation', () => {
    expect(charge('mutation { signIn(email: "a@b.c", password: "x") { accessToken } }', {}, false)).toEqual({
      operationClass: 'anonymous',
      tokens: 1,
    })
    expect(charge(committed('SiteDashboard'), { siteId: 's', first: 100 }, false)).toEqual({
      operationClass: 'anonymous',
      tokens: 1,
    })
  })

  it('variables that do not coerce cost one token (the operation fails before it runs)', () => {
    expect(charge(committed('SiteDashboard'), { siteId: 's', first: 'lots' })).toEqual({
      operationClass: 'query',
      tokens: 1,
    })
  })
})

describe('estimatedObjects', () => {
  it('counts objects, multiplied by `first` from a literal, a variable or the schema default; scalars are free', () => {
    // site + study + staff + query counts + enrollment counts + stock + 50 × (connection + pageInfo +
    // edge + node + 5 objects under the node): the default page still fits one token
    expect(objects(committed('SiteDashboard'), { siteId: 's' })).toBe(6 + 50 * 9)
    expect(objects('{ site(id: "s") { patients(first: 10) { edges { node { id } } } } }')).toBe(1 + 10 * 3)
    expect(
      objects('query($n: Int) { site(id: "s") { patients(first: $n) { edges { node { id } } } } }', { n: 7 }),
    ).toBe(1 + 7 * 3)
    expect(objects('{ site(id: "s") { patients { edges { node { id } } } } }')).toBe(1 + 25 * 3) // patients(first: Int = 25)
    expect(objects('{ site(id: "s") { id name } }')).toBe(1)
  })

  it('counts fragments as the selections they stand for', () => {
    const spread = objects(
      'query { patient(id: "p") { ...F } } fragment F on Patient { site { id } labResults(first: 4) { id } }',
    )
    const inline = objects('query { patient(id: "p") { ... on Patient { site { id } labResults(first: 4) { id } } } }')
    expect(spread).toBe(1 + 1 + 4)
    expect(inline).toBe(spread)
  })

  it('counts each named fragment once, so nesting fragments cannot make the counting itself expensive', () => {
    const levels = 40
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === 0 ? 'fragment F0 on Patient { site { id } }' : `fragment F${i} on Patient { ...F${i - 1} ...F${i - 1} }`,
    )
    expect(objects(`query { patient(id: "p") { ...F${levels - 1} } } ${fragments.join(' ')}`)).toBe(
      1 + 2 ** (levels - 1),
    )
  })
})
