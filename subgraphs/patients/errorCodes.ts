import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/** Codes of screening and enrollment. */
export const PatientsErrorCodes = defineErrorCodes('patients', {
  SITE_NOT_OPEN_FOR_SCREENING: {
    httpStatus: 409,
    description:
      'The site is not active (not yet activated, on hold or closed), or its study is not recruiting (`extensions.studyStatus`): nobody can be screened there; nothing was recorded.',
  },
  ELIGIBILITY_INVALID: {
    httpStatus: 422,
    description:
      "The eligibility answers do not match the protocol's criteria (one missing, repeated, unknown, or of the wrong kind); `extensions.problems` names each. Nothing was recorded.",
  },
  WITHDRAWAL_NOT_ALLOWED: {
    httpStatus: 409,
    description:
      'Only an enrolled subject can be withdrawn (`extensions.enrollmentStatus`): one being enrolled is withdrawn after the saga ends, one already withdrawn keeps the day recorded. Nothing was changed.',
  },
  ENROLLMENT_NOT_ALLOWED: {
    httpStatus: 409,
    description:
      "The subject's status does not allow enrolling (`extensions.enrollmentStatus`): already enrolled, screen-failed, withdrawn or completed. A failed enrollment may be tried again.",
  },
})
