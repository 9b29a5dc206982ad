import {
  buildSchema,
  Kind,
  parse,
  specifiedRules,
  validate,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql'
import { countRootFields, maxRootFieldsRule } from '../rootFieldLimit'

function rootFieldsOf(document: string): number {
  const parsed = parse(document)
  const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!
  const fragments = new Map(
    parsed.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  )
  return countRootFields(operation.selectionSet, (name) => fragments.get(name))
}

describe('countRootFields', () => {
  it.each([
    ['one field', '{ a }', 1],
    ['nested fields do not count', '{ a { b c d } }', 1],
    ['each occurrence counts', '{ a b c a }', 4],
    ['aliases are fields', '{ x: a y: a z: a }', 3],
    ['__typename is answered by the gateway alone', '{ __typename a }', 1],
    ['inline fragment at the root', '{ a ... on Query { b c } }', 3],
    ['named fragment at the root', '{ a ...F } fragment F on Query { b c }', 3],
    ['fragment spread twice counts twice', '{ ...F ...F } fragment F on Query { b c }', 4],
    ['fragment inside a fragment', '{ ...F } fragment F on Query { b ...G } fragment G on Query { c d }', 3],
    ['fragment below the root does not count', '{ a { ...F } } fragment F on T { b c }', 1],
    ['unknown fragment counts nothing', '{ a ...Missing }', 1],
    ['fragment cycle terminates', '{ ...F } fragment F on Query { a ...G } fragment G on Query { b ...F }', 2],
    ['mutation root', 'mutation { a b }', 2],
  ])('%s: %s → %d', (_label, document, expected) => {
    expect(rootFieldsOf(document)).toBe(expected)
  })

  it('stays linear when fragments spread each other many times (no exponential blow-up)', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice ... : 2^40 root fields if expanded naively.
    const levels = 40
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Query { ${i === levels - 1 ? 'a' : `...F${i + 1} ...F${i + 1}`} }`,
    )
    const started = performance.now()
    expect(rootFieldsOf(`{ ...F0 } ${fragments.join(' ')}`)).toBe(2 ** (levels - 1))
    // ~2 ms of work; naive expansion would not finish in hours, so a bound this loose still tells
    // the two apart on a machine too busy to give this test its share of the CPU.
    expect(performance.now() - started).toBeLessThan(5000)
  })
})

describe('maxRootFieldsRule', () => {
  const schema = buildSchema('type Query { a: Int b: Int c: Int }')
  const errorsOf = (document: string, limit: number) =>
    validate(schema, parse(document), [...specifiedRules, maxRootFieldsRule(limit)])

  it.each([
    ['{ a b c }', 3, []],
    ['{ a b c }', 2, ['Root fields limit of 2 exceeded, found 3.']],
    ['{ x1: a x2: a x3: a x4: a }', 3, ['Root fields limit of 3 exceeded, found 4.']],
    ['{ a ...F } fragment F on Query { b c }', 2, ['Root fields limit of 2 exceeded, found 3.']],
    ['query One { a } query Two { a b c }', 2, ['Root fields limit of 2 exceeded, found 3.']],
  ])('%s with limit %d', (document, limit, messages) => {
    const errors = errorsOf(document, limit)
    expect(errors.map((e) => e.message)).toEqual(messages)
    for (const error of errors) expect(error.extensions).toEqual({ code: 'TOO_MANY_ROOT_FIELDS', limit })
  })
})
