import fc from 'fast-check'
import { buildSchema } from 'graphql'
import type { FetchDataRewrite } from '@apollo/query-planner'
// eslint-disable-next-line local/public-entry-points -- the reference of this test: Apollo's rewrites, not exported (2.14.4, pinned)
import { applyRewrites as stockApplyRewrites } from '@apollo/gateway/dist/dataRewrites'
// eslint-disable-next-line local/public-entry-points -- the reference of this test: Apollo's merge, not exported (2.14.4, pinned)
import { deepMerge as stockDeepMerge } from '@apollo/gateway/dist/utilities/deepMerge'
import { applyRewrites, deepMerge } from '../resultMerging'

// The ports of @apollo/gateway's merge and rewrites against the originals, on generated results:
// the same input must come out the same (both mutate their target, so each gets its own copy).

const schema = buildSchema(`
  type Query { node: Node }
  interface Node { id: ID! }
  type Kit implements Node { id: ID!, lot: String }
  type Visit implements Node { id: ID!, day: Int }
  type Depot { id: ID!, kits: [Kit] }
  union Item = Kit | Visit
`)

// Few keys, so that the two sides of a merge meet often (objects in lists of the same or other lengths);
// `toString` is inherited from Object.prototype. (Not `constructor`: jest compares objects' types by it.)
const keys = ['id', 'lot', 'kits', '__typename', 'toString']
const leaf = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 9 }), fc.constantFrom('a', 'Kit', 'Visit', 'Depot'))
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 3 }), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 4 }),
  ),
}))
const object = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 5 })

const copy = <T>(v: T): T => structuredClone(v)

/** What a run leaves: the merged value, or the message it failed with (both fail on a leaf merged with an object). */
function outcome(run: () => unknown) {
  try {
    return { value: run() }
  } catch (error) {
    return { thrown: (error as Error).message }
  }
}

it('merges as @apollo/gateway deepMerge does', () => {
  fc.assert(
    fc.property(object, object, (target, source) => {
      const stock = outcome(() => stockDeepMerge(copy(target), copy(source)))
      expect(outcome(() => deepMerge(copy(target), copy(source)))).toStrictEqual(stock)
    }),
    { numRuns: 1000, seed: 7, endOnFailure: true },
  )
})

const pathElement = fc.constantFrom('kits', 'lot', 'id', '... on Kit', '... on Visit', '... on Node', '... on Item')
const rewrite: fc.Arbitrary<FetchDataRewrite> = fc.oneof(
  fc.record({
    kind: fc.constant('ValueSetter' as const),
    path: fc
      .tuple(fc.array(pathElement, { maxLength: 3 }), fc.constantFrom('__typename', 'lot', 'id'))
      .map(([p, l]) => [...p, l]),
    setValueTo: fc.constantFrom('Kit', 'Visit', 7),
  }),
  fc.record({
    kind: fc.constant('KeyRenamer' as const),
    path: fc
      .tuple(fc.array(pathElement, { maxLength: 3 }), fc.constantFrom('lot', 'id', 'kits'))
      .map(([p, l]) => [...p, l]),
    renameKeyTo: fc.constantFrom('renamed', 'id'),
  }),
)

it('rewrites as @apollo/gateway applyRewrites does', () => {
  fc.assert(
    fc.property(
      fc.array(rewrite, { maxLength: 3 }),
      fc.oneof(object, fc.array(object, { maxLength: 3 })),
      (rewrites, data) => {
        const stock = copy(data)
        const ours = copy(data)
        expect(outcome(() => applyRewrites(schema, rewrites, ours))).toEqual(
          outcome(() => stockApplyRewrites(schema, rewrites, stock as Record<string, unknown>)),
        )
        expect(ours).toStrictEqual(stock)
      },
    ),
    { numRuns: 1000, seed: 11, endOnFailure: true },
  )
})
