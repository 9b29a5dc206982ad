import seedrandom from 'seedrandom'

/**
 * Permuted-block randomisation, stratified by site (ICH E9 2.3.1; block sizes varied at random so
 * the next assignment cannot be guessed from the ones before). Block k of a site's stratum is a
 * pure function of (seed, list, site, k): a list can be extended block by block under the stratum
 * lock, and regenerated from its seed to verify it, without storing any generator state.
 *
 * seedrandom's default generator (ARC4) is keyed by the whole seed string, so a 256-bit seed keeps
 * its entropy; a 32-bit-seeded generator could be searched exhaustively from a few assignments.
 */
export const GENERATOR = 'seedrandom@3.0.5/arc4; uniformInt-rejection v1'

export type Rng = { int32(): number }

/** An arm as the list needs it: its id and allocation ratio, in code order. */
export interface ArmRatio {
  armId: string
  code: string
  ratio: number
}

/** A uniform integer in [0, n) without modulo bias: 32-bit draws above the last whole multiple of n are rejected. */
export function uniformInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`uniformInt needs 1 ≤ n ≤ 2^32, got ${n}`)
  const limit = Math.floor(2 ** 32 / n) * n
  let u: number
  do u = rng.int32() >>> 0
  while (u >= limit)
  return u % n
}

/**
 * Block `blockNumber` (1-based) of a stratum: each arm repeated ratio × m times, m drawn from the
 * multipliers, then shuffled (Fisher–Yates). Returns arm ids in allocation order.
 */
export function permutedBlock(
  seed: string,
  listId: string,
  siteId: string,
  blockNumber: number,
  arms: readonly ArmRatio[],
  multipliers: readonly number[],
): string[] {
  if (arms.length === 0 || multipliers.length === 0) throw new RangeError('A block needs arms and block multipliers')
  const rng = seedrandom(`${seed}|${listId}|${siteId}|${blockNumber}`)
  const m = multipliers[uniformInt(rng, multipliers.length)]!
  const ordered = [...arms].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const block = ordered.flatMap((arm) => Array<string>(arm.ratio * m).fill(arm.armId))
  for (let i = block.length - 1; i >= 1; i--) {
    const j = uniformInt(rng, i + 1)
    ;[block[i], block[j]] = [block[j]!, block[i]!]
  }
  return block
}

/** One position of a stratum, as stored (randomization_entry). */
export interface GeneratedEntry {
  position: number
  blockNumber: number
  blockSize: number
  armId: string
  randomizationNumber: string
}

/** "101-R0003": the site's number and the 1-based position, what labels and case report forms show. */
export const randomizationNumber = (siteNumber: string, position: number) =>
  `${siteNumber}-R${String(position + 1).padStart(4, '0')}`

export interface StratumSpec {
  seed: string
  listId: string
  siteId: string
  siteNumber: string
  arms: readonly ArmRatio[]
  multipliers: readonly number[]
}

/**
 * Blocks `firstBlock` … `firstBlock + count - 1` of a stratum, positions continuing from
 * `firstPosition` (entries imported before the list, if any, come first).
 */
export function generateBlocks(spec: StratumSpec, firstBlock: number, count: number, firstPosition: number) {
  const entries: GeneratedEntry[] = []
  let position = firstPosition
  for (let k = firstBlock; k < firstBlock + count; k++) {
    const block = permutedBlock(spec.seed, spec.listId, spec.siteId, k, spec.arms, spec.multipliers)
    for (const armId of block)
      entries.push({
        position,
        blockNumber: k,
        blockSize: block.length,
        armId,
        randomizationNumber: randomizationNumber(spec.siteNumber, position++),
      })
  }
  return entries
}
