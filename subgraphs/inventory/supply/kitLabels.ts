import crypto from 'node:crypto'
import { uniformInt, type Rng } from '../randomization/permutedBlocks'

/**
 * The blinded label of each new kit: a random six-digit kit number after a prefix (never
 * sequential, so a number hints at neither its arm nor its neighbours) and a random dispense-order
 * key (allocation breaks expiry ties by it, never by kit number). Numbers already taken in the
 * study are skipped. Demo supply draws from a seeded generator (the seed stays reproducible); kit
 * registration from the operating system's (`cryptoRng`).
 */
export function kitLabeller(rng: Rng, prefix: string, taken: Iterable<string> = []) {
  const used = new Set(taken)
  return (): { kitNumber: string; dispenseOrder: number } => {
    let kitNumber: string
    do kitNumber = `${prefix}-${100000 + uniformInt(rng, 900000)}`
    while (used.has(kitNumber))
    used.add(kitNumber)
    return { kitNumber, dispenseOrder: uniformInt(rng, 2 ** 31) }
  }
}

/** 32 random bits per draw from the operating system's CSPRNG. */
export const cryptoRng: Rng = { int32: () => crypto.randomBytes(4).readInt32LE(0) }
