import { decodeCursor, encodeCursor } from '../../../platform/pagination'
import { badInput } from '../../../contracts/errors/commonErrorCodes'

// An alert's cursor wraps its feed sequence (a database-assigned, increasing number).
export const alertCursor = (sequence: bigint): string => encodeCursor(`alert:${sequence}`)

export function sequenceAfter(cursor: string | null | undefined, argumentName = 'after'): bigint {
  if (!cursor) return 0n
  const key = decodeCursor(cursor, argumentName)
  const match = /^alert:(\d{1,19})$/.exec(key)
  if (!match) throw badInput(argumentName, `Argument "${argumentName}" is not an alert cursor.`)
  return BigInt(match[1]!)
}
