import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/**
 * Codes of drug supply and randomisation. None of their messages ever names a treatment arm: an
 * error is read by blinded roles too (the messages are fixed sentences; no helper takes an arm).
 */
export const InventoryErrorCodes = defineErrorCodes('inventory', {
  NO_KIT_AVAILABLE: {
    httpStatus: 409,
    description:
      'No dispensable kit for the subject at the site (none available, or all expire within the do-not-dispense window); nothing was allocated and the randomisation list position stays unused.',
  },
  RANDOMIZATION_UNAVAILABLE: {
    httpStatus: 409,
    description: 'The study has no randomisation list, or the site no stratum in it: the subject cannot be randomised.',
  },
  RANDOMIZATION_LIST_EXISTS: {
    httpStatus: 409,
    description: 'The study already has a randomisation list; a list is never regenerated.',
  },
  SAGA_CANCELLED: {
    httpStatus: 409,
    description:
      'The enrollment was cancelled (its allocation released) before its allocation command arrived: nothing is allocated for it.',
  },
  UNBLINDING_CREDENTIAL_INVALID: {
    httpStatus: 403,
    description:
      'The re-authentication for an emergency unblinding is not valid: expired, already used, issued to someone else, or for another subject or meaning. Confirm the password again (users: confirmSignature).',
  },
})
