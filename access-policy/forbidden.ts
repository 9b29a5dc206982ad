import { appError } from '../contracts/errors/errorRegistry'
import { ErrorCodes } from '../contracts/errors/commonErrorCodes'

/**
 * The one answer to "not yours" and "does not exist": the same code and words, so a caller
 * cannot probe for patients (or alerts, results...) outside their sites.
 */
export const forbidden = (what: string, id?: string) =>
  appError(ErrorCodes.FORBIDDEN, `You do not have access to this ${what}${id ? ` (${id})` : ''}, or it does not exist.`)
