import stableStringify from 'fast-json-stable-stringify'

/** A value as the audit trail stores it (jsonb). */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson }
/** A stored old/new value; "no value" is the column's SQL NULL, never a JSON null. */
export type AuditJsonValue = Exclude<AuditJson, null>

/**
 * Keys whose values never enter the audit trail, at any depth: passwords, password hashes, tokens
 * and token hashes. The trail is kept for the life of the trial and cannot be corrected, so a
 * secret written into it could never be removed. Compared without case and underscores, so
 * `password_hash` and `passwordHash` are both caught.
 */
const SECRET_KEYS = new Set([
  'password',
  'passwordhash',
  'credential',
  'accesstoken',
  'refreshtoken',
  'refreshtokenhash',
  'tokenhash',
])

export const isSecretKey = (key: string): boolean => SECRET_KEYS.has(key.replace(/_/g, '').toLowerCase())

/**
 * A storage value as JSON the trail can keep: dates as RFC 3339 UTC, 64-bit integers as decimal
 * strings (JSON numbers lose precision past 2^53), secrets and undefined properties left out.
 */
export function toAuditJson(value: unknown): AuditJson {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map(toAuditJson)
  if (typeof value === 'object') {
    // Decimal and other value objects say how they serialise.
    const toJSON = (value as { toJSON?: unknown }).toJSON
    if (typeof toJSON === 'function') return toAuditJson(toJSON.call(value))
    const out: { [key: string]: AuditJson } = {}
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && !isSecretKey(key)) out[key] = toAuditJson(item)
    }
    return out
  }
  return String(value)
}

/** The stored form of a value: JSON, or undefined (SQL NULL) when there is none. */
export function storedValue(value: unknown): AuditJsonValue | undefined {
  const json = toAuditJson(value)
  return json === null ? undefined : json
}

/** Equality as the trail sees it: same JSON, whatever the key order. */
export const sameAuditValue = (a: unknown, b: unknown): boolean =>
  stableStringify(toAuditJson(a)) === stableStringify(toAuditJson(b))
