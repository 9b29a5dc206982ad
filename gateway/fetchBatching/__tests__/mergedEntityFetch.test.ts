import { GraphQLError, parse, print } from 'graphql'
import { isMergeableEntityFetch, mergeEntityFetches, splitMergedResponse } from '../mergedEntityFetch'

// Sibling entity fetches as one operation: aliased `_entities` fields, variables renamed per
// fetch, and each fetch's answer taken back out of the merged one.

const study = `query View__studies__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on Study { name } } }`
const site = `query View__studies__2($representations: [_Any!]!, $first: Int) { _entities(representations: $representations) { ... on Site { name staff(first: $first) { id } } } }`

it('merges entity fetches into aliased fields with their variables renamed, named after the first', () => {
  const merged = mergeEntityFetches([study, site])
  expect(print(parse(merged.query))).toBe(
    print(
      parse(`query View__studies__1($b0_representations: [_Any!]!, $b1_representations: [_Any!]!, $b1_first: Int) {
        b0: _entities(representations: $b0_representations) { ... on Study { name } }
        b1: _entities(representations: $b1_representations) { ... on Site { name staff(first: $b1_first) { id } } }
      }`),
    ),
  )
  expect(
    merged.variables([
      { representations: [{ __typename: 'Study', id: 's1' }] },
      { representations: [{ __typename: 'Site', id: 'x1' }], first: 3 },
    ]),
  ).toEqual({
    b0_representations: [{ __typename: 'Study', id: 's1' }],
    b1_representations: [{ __typename: 'Site', id: 'x1' }],
    b1_first: 3,
  })
})

it('merges only plain entity fetches', () => {
  expect(isMergeableEntityFetch(study)).toBe(true)
  expect(isMergeableEntityFetch(`{ patient(id: "p") { id } }`)).toBe(false)
  expect(isMergeableEntityFetch(`mutation { _entities(representations: []) { __typename } }`)).toBe(false)
  expect(isMergeableEntityFetch(`query { e: _entities(representations: []) { __typename } }`)).toBe(false)
  expect(isMergeableEntityFetch(`query { _entities(representations: []) { __typename } me { id } }`)).toBe(false)
  expect(
    isMergeableEntityFetch(
      `query($r: [_Any!]!) { _entities(representations: $r) { ...F } } fragment F on Study { name }`,
    ),
  ).toBe(false)
})

it('gives each fetch its own entities, and its own errors with their paths on `_entities`', () => {
  const [first, second] = splitMergedResponse(
    {
      data: { b0: [{ name: 'Study A' }], b1: [null] },
      errors: [new GraphQLError('not yours', { path: ['b1', 0], extensions: { code: 'FORBIDDEN' } })],
      extensions: { note: 1 },
    },
    2,
  )
  expect(first).toEqual({ data: { _entities: [{ name: 'Study A' }] }, extensions: { note: 1 } })
  expect(second!.data).toEqual({ _entities: [null] })
  expect(second!.errors).toHaveLength(1)
  expect(second!.errors![0]).toMatchObject({ message: 'not yours', path: ['_entities', 0] })
})

it('gives an error of the whole request to every fetch', () => {
  const answers = splitMergedResponse({ data: null, errors: [new GraphQLError('unauthenticated')] }, 2)
  for (const answer of answers) {
    expect(answer.data).toBeNull()
    expect(answer.errors![0]!.message).toBe('unauthenticated')
  }
})
