import { createHash } from 'node:crypto'

/**
 * Deterministic UUID for a demo entity: the first 128 bits of sha256(`trial-demo:${kind}:${key}`)
 * stamped as RFC 9562 version 8 (custom), variant 10xx. The same natural key always yields the same
 * id, so re-seeding upserts instead of duplicating and other contexts can reference rows by id.
 */
export function stableUuid(kind: string, key: string | number): string {
  const bytes = createHash('sha256').update(`trial-demo:${kind}:${key}`, 'utf8').digest()
  bytes[6] = (bytes[6]! & 0x0f) | 0x80
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
