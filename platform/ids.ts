import { createHash } from 'node:crypto'
import { badInput } from '../contracts/errors/commonErrorCodes'

// Entity ids are UUIDs (RFC 9562 layout, any version). Validating before SQL turns a malformed id
// into BAD_USER_INPUT instead of a database cast error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/**
 * The reference to an entity another context owns, as a context that only adds fields to it
 * resolves it: its id in canonical lower case; null (no such entity) for a malformed id.
 */
export const bareReference = (ref: { id: string }) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null)

/** Returns the id in canonical lower case, or throws BAD_USER_INPUT naming the argument. */
export function parseId(value: string, argumentName = 'id'): string {
  if (!isUuid(value))
    throw badInput(argumentName, `Argument "${argumentName}" must be a UUID, got "${truncate(value)}".`)
  return value.toLowerCase()
}

function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 61)}...` : value
}

/**
 * A UUID derived from a name (RFC 9562 version 8 over SHA-256): the same name always gives the
 * same id, so work that may run twice (a retried request, a redelivered event) creates the same
 * rows and idempotency holds by primary key.
 */
export function uuidFromName(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('')
  hex[12] = '8'
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}
