import { appError } from '../contracts/errors/errorRegistry'
import { ErrorCodes } from '../contracts/errors/commonErrorCodes'

export type { AuditScope } from './accessPolicy'
/** Who may read a trail is one rule of the access policy (access-policy/accessPolicy.ts). */
export { mayReadAuditTrail } from './accessPolicy'

/** The answer to anyone else: the field is null, with the same error whether or not it exists. */
export const auditTrailForbidden = () =>
  appError(ErrorCodes.FORBIDDEN, "Only a data manager or monitor of the record's study may read its audit trail.")
