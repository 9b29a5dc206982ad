import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>

/**
 * Passwords hashed with scrypt, a memory-hard KDF (OWASP: N=2^15, r=8, p=1 costs 32 MiB and tens
 * of milliseconds per guess). The parameters travel in the hash string, so they can be raised
 * later without invalidating stored hashes:  scrypt$<log2 N>$<r>$<p>$<salt>$<key>  (base64url).
 */
const DEFAULT = { logN: 15, r: 8, p: 1 }
const KEY_LENGTH = 32

export async function hashPassword(password: string, params = DEFAULT): Promise<string> {
  const salt = crypto.randomBytes(16)
  const key = await derive(password, salt, params)
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    logN: Number(logN),
    r: Number(r),
    p: Number(p),
  })
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected)
}

function derive(
  password: string,
  salt: Buffer,
  { logN, r, p }: { logN: number; r: number; p: number },
): Promise<Buffer> {
  const N = 2 ** logN
  // Node refuses more than 32 MiB by default, which is exactly what N=2^15, r=8 needs.
  return scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r })
}
