import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/** Codes of diary submissions (the ePRO entry rules). */
export const EproErrorCodes = defineErrorCodes('epro', {
  EPRO_WINDOW_CLOSED: {
    httpStatus: 422,
    description:
      'The diary entry is outside the entry window of its day (too early, or past the late grace period); `extensions` give the window.',
  },
  EPRO_NOT_ACTIVE: {
    httpStatus: 422,
    description: 'The patient has no active diary for that day (not activated, or the diary period has ended).',
  },
  EPRO_DUPLICATE_ENTRY: {
    httpStatus: 409,
    description: 'The patient already has a different entry for that diary day.',
  },
  IDEMPOTENCY_CONFLICT: {
    httpStatus: 409,
    description: 'A submission id was reused with different content; a retry must repeat the original request exactly.',
  },
})
