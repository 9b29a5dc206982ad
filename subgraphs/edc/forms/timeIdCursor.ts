import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { decodeCursor, encodeCursor } from '../../../platform/pagination'

/** A keyset cursor over rows ordered by a time, then by id (ties): opaque to clients. */
export const encodeTimeIdCursor = (at: Date, id: string) => encodeCursor(`${at.toISOString()}|${id}`)

/** The time and id of a cursor from encodeTimeIdCursor; BAD_USER_INPUT for anything else. */
export function decodeTimeIdCursor(cursor: string, argumentName = 'after'): { at: Date; id: string } {
  const [at, id] = decodeCursor(cursor, argumentName).split('|')
  if (!at || !id || Number.isNaN(Date.parse(at)))
    throw badInput(argumentName, `Argument "${argumentName}" is not a cursor of this list.`)
  return { at: new Date(at), id }
}
