import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/** Codes of study set-up: definitions, sites and their enrollment caps. */
export const StudiesErrorCodes = defineErrorCodes('studies', {
  STUDY_DEFINITION_INVALID: {
    httpStatus: 422,
    description:
      'A study definition was refused whole, nothing stored: arms, visit schedule (exactly one BASELINE visit at day 0), eligibility criteria or targets do not hold together. `extensions.problems` lists each problem.',
  },
  PROTOCOL_ID_TAKEN: {
    httpStatus: 409,
    description: 'Another study already has this protocol id; protocol ids are unique.',
  },
  STUDY_TRANSITION_NOT_ALLOWED: {
    httpStatus: 409,
    description:
      'The study is not in a status that allows the change: COMPLETED, TERMINATED and WITHDRAWN are final, and only a study not yet recruiting can be WITHDRAWN.',
  },
  SITE_NUMBER_TAKEN: {
    httpStatus: 409,
    description: 'The study already has a site with this site number; site numbers are unique within a study.',
  },
  SITE_TRANSITION_NOT_ALLOWED: {
    httpStatus: 409,
    description: 'The site is not in a status that allows the action (e.g. activating a closed site).',
  },
  CAP_BELOW_SLOTS_TAKEN: {
    httpStatus: 409,
    description:
      'An enrollment cap below the slots the site has already taken (reserved or confirmed) would over-book it; `extensions.slotsTaken` says how many.',
  },
})
