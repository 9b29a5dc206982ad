import { generateBlocks, permutedBlock, uniformInt, type ArmRatio } from '../randomization/permutedBlocks'

const SEED = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'
const LIST = '11111111-1111-4111-8111-111111111111'
const SITE = '22222222-2222-4222-8222-222222222222'
const OTHER_SITE = '33333333-3333-4333-8333-333333333333'
const ONE_TO_ONE: ArmRatio[] = [
  { armId: 'arm-A', code: 'A', ratio: 1 },
  { armId: 'arm-B', code: 'B', ratio: 1 },
]
const spec = (overrides = {}) => ({
  seed: SEED,
  listId: LIST,
  siteId: SITE,
  siteNumber: '101',
  arms: ONE_TO_ONE,
  multipliers: [2, 3],
  ...overrides,
})
const letters = (entries: { armId: string }[]) => entries.map((e) => e.armId.slice(-1)).join('')

test('golden list: a fixed seed gives exactly this list (an upgrade that changes the stream fails here)', () => {
  const entries = generateBlocks(spec(), 1, 4, 0)
  expect(letters(entries)).toBe(['AABBAB', 'AABB', 'BABBAA', 'BABA'].join(''))
  expect(entries.map((e) => e.blockSize)).toEqual([
    ...Array(6).fill(6),
    ...Array(4).fill(4),
    ...Array(6).fill(6),
    ...Array(4).fill(4),
  ])
  expect(entries.slice(0, 2).map((e) => e.randomizationNumber)).toEqual(['101-R0001', '101-R0002'])
})

test('the same seed gives the same list; another seed or another site another one', () => {
  expect(generateBlocks(spec(), 1, 6, 0)).toEqual(generateBlocks(spec(), 1, 6, 0))
  expect(letters(generateBlocks(spec({ seed: SEED.replace('0f', 'f0') }), 1, 6, 0))).not.toEqual(
    letters(generateBlocks(spec(), 1, 6, 0)),
  )
  expect(letters(generateBlocks(spec({ siteId: OTHER_SITE }), 1, 6, 0))).not.toEqual(
    letters(generateBlocks(spec(), 1, 6, 0)),
  )
})

test.each([
  ['1:1', ONE_TO_ONE, [2, 3]],
  [
    '2:1',
    [
      { armId: 'arm-A', code: 'A', ratio: 2 },
      { armId: 'arm-B', code: 'B', ratio: 1 },
    ],
    [1, 2],
  ],
  [
    '1:1:1',
    [
      { armId: 'arm-A', code: 'A', ratio: 1 },
      { armId: 'arm-B', code: 'B', ratio: 1 },
      { armId: 'arm-C', code: 'C', ratio: 1 },
    ],
    [2],
  ],
] as [string, ArmRatio[], number[]][])(
  '%s: every block is balanced to the ratio, sizes only from the multipliers',
  (_name, arms, multipliers) => {
    const ratioSum = arms.reduce((n, a) => n + a.ratio, 0)
    const sizes = new Set<number>()
    for (let k = 1; k <= 200; k++) {
      const block = permutedBlock(SEED, LIST, SITE, k, arms, multipliers)
      const m = block.length / ratioSum
      expect(multipliers).toContain(m)
      for (const arm of arms) expect(block.filter((id) => id === arm.armId)).toHaveLength(arm.ratio * m)
      sizes.add(block.length)
    }
    // Random block sizes: every allowed size occurs.
    expect([...sizes].sort()).toEqual(multipliers.map((m) => m * ratioSum).sort())
  },
)

test('appending blocks never changes earlier entries; positions continue after imported ones', () => {
  const first = generateBlocks(spec(), 1, 3, 0)
  const more = generateBlocks(spec(), 4, 2, first.length)
  expect(generateBlocks(spec(), 1, 5, 0)).toEqual([...first, ...more])
  const afterImport = generateBlocks(spec(), 1, 1, 7)
  expect(afterImport[0]!.position).toBe(7)
  expect(afterImport[0]!.randomizationNumber).toBe('101-R0008')
})

test('uniformInt has no modulo bias (chi-square over 6 buckets, a fixed stream)', () => {
  // A stream whose 32-bit words would favour low residues under a plain modulo of 6.
  let state = 0x9e3779b9
  const rng = { int32: () => (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) }
  const counts = Array(6).fill(0)
  const draws = 60_000
  for (let i = 0; i < draws; i++) counts[uniformInt(rng, 6)]++
  const expected = draws / 6
  const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
  // 5 degrees of freedom: p = 0.001 at 20.5.
  expect(chiSquare).toBeLessThan(20.5)
  expect(() => uniformInt(rng, 0)).toThrow(RangeError)
})

test('uniformInt rejects the draws above the last whole multiple of n', () => {
  const words = [0xffffffff | 0, 5]
  const rng = { int32: () => words.shift()! }
  // 2^32 - 1 lies in the incomplete last run of multiples of 3 (2^32 = 1 mod 3): rejected, 5 taken.
  expect(uniformInt(rng, 3)).toBe(2)
})
