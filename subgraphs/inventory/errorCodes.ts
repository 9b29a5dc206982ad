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
  KIT_NOT_DISPENSABLE: {
    httpStatus: 409,
    description:
      "The kit may not be dispensed: expired or within the do-not-dispense window, quarantined, not the subject's, or the visit is not the subject's.",
  },
  SHIPMENT_TRANSITION_NOT_ALLOWED: {
    httpStatus: 409,
    description: 'The shipment is not in a status that allows the action (e.g. receiving a shipment not yet shipped).',
  },
  KIT_NOT_IN_SHIPMENT: {
    httpStatus: 422,
    description:
      'A kit number named on receipt is not in the shipment; nothing was received. `extensions.kitNumbers` lists them.',
  },
  INSUFFICIENT_DEPOT_STOCK: {
    httpStatus: 409,
    description: 'The depot has fewer shippable kits than the shipment asks for; nothing was created.',
  },
  ARM_UNKNOWN: {
    httpStatus: 422,
    description: 'The arm code names no treatment of the study; nothing was registered.',
  },
  DEPOT_UNKNOWN: {
    httpStatus: 422,
    description: 'The depot id names no depot (the `depots` query lists them); nothing was registered.',
  },
  LOT_EXPIRED: {
    httpStatus: 422,
    description: 'The lot expires before today: its kits could never be dispensed; nothing was registered.',
  },
  KIT_COUNT_OUT_OF_RANGE: {
    httpStatus: 422,
    description: 'A lot is registered with 1 to 1000 kits; nothing was registered.',
  },
  LOT_NUMBER_TAKEN: {
    httpStatus: 409,
    description: 'The study already has a lot with this lot number; nothing was registered.',
  },
  UNBLINDING_CREDENTIAL_INVALID: {
    httpStatus: 403,
    description:
      'The re-authentication for an emergency unblinding is not valid: expired, already used, issued to someone else, or for another subject or meaning. Confirm the password again (users: confirmSignature).',
  },
})
