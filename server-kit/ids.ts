import { badInput } from './errors'

// Entity ids are UUIDs (RFC 9562 layout, any version). Validating before SQL turns a malformed id
// into BAD_USER_INPUT instead of a database cast error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** Returns the id in canonical lower case, or throws BAD_USER_INPUT naming the argument. */
export function parseId(value: string, argumentName = 'id'): string {
  if (!isUuid(value)) throw badInput(argumentName, `Argument "${argumentName}" must be a UUID, got "${truncate(value)}".`)
  return value.toLowerCase()
}

function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 61)}...` : value
}
