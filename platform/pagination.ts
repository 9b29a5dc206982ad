import { badInput } from '../contracts/errors/commonErrorCodes'

/**
 * Keyset (cursor) pagination helpers. A cursor is an opaque base64url string wrapping the sort key
 * of the last row seen, so pages stay stable while rows are inserted (unlike OFFSET).
 */
const PREFIX = 'k1:'

export function encodeCursor(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string, argumentName = 'after'): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!text.startsWith(PREFIX) || encodeCursor(text.slice(PREFIX.length)) !== cursor) {
    throw badInput(argumentName, `Argument "${argumentName}" is not a cursor returned by this API.`)
  }
  return text.slice(PREFIX.length)
}

/** Validates a page size argument: 1..max, defaulting when absent. */
export function pageSize(
  first: number | null | undefined,
  { fallback, max }: { fallback: number; max: number },
  argumentName = 'first',
): number {
  if (first === null || first === undefined) return fallback
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(argumentName, `Argument "${argumentName}" must be between 1 and ${max}, got ${first}.`)
  }
  return first
}
