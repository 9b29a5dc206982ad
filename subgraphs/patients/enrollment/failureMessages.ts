import type { EnrollmentFailureCode } from '../../../contracts/enrollmentSaga'

/**
 * One fixed sentence per failure, for the site's staff. None names a treatment arm: "no kit" is
 * said the same way whichever arm was drawn, so a failed enrollment reveals nothing of the blind.
 */
const MESSAGES: Record<EnrollmentFailureCode, string> = {
  SITE_CAP_REACHED: "The site has reached its enrollment cap; the study's manager can raise it.",
  STUDY_TARGET_REACHED: 'The study has reached its enrollment target; no more subjects can be enrolled.',
  SITE_NOT_ACTIVE: 'The site is not active for enrollment.',
  STUDY_NOT_RECRUITING: 'The study is not recruiting.',
  NO_KIT_AVAILABLE:
    'No drug kit that can be dispensed is available at the site for this randomisation; ask for a resupply and try again.',
  RANDOMIZATION_UNAVAILABLE:
    'The randomisation list for this site is exhausted or missing; the unblinded team must extend it.',
  PARTICIPANT_TIMEOUT: 'A service taking part in the enrollment did not answer in time; nothing was kept. Try again.',
  SAGA_CANCELLED: 'The enrollment was cancelled before it could complete; nothing was kept.',
}

export const failureMessage = (code: string): string =>
  MESSAGES[code as EnrollmentFailureCode] ?? 'The enrollment failed; nothing was kept.'
