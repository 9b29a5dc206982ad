import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/** Codes of case report form data: edit checks, changes after completion, locks, query and lock lifecycles. */
export const EdcErrorCodes = defineErrorCodes('edc', {
  EDIT_CHECK_FAILED: {
    httpStatus: 422,
    description:
      'A hard edit check refused a value (type, format, impossible range, future date, required item on completion); nothing was saved. `extensions.findings` lists each item and why.',
  },
  REASON_FOR_CHANGE_REQUIRED: {
    httpStatus: 422,
    description: 'A value of a completed form changes only with a reason for change (21 CFR 11.10(e)).',
  },
  VERSION_CONFLICT: {
    httpStatus: 409,
    description:
      'The form changed since the caller read it (`extensions.currentVersion`); read it again and re-apply the change, nothing was overwritten.',
  },
  DATA_LOCKED: {
    httpStatus: 409,
    description:
      'The data is frozen or locked (`extensions.lock`, `extensions.level`): frozen data takes no edits but queries go on; locked data takes neither.',
  },
  QUERY_TRANSITION_NOT_ALLOWED: {
    httpStatus: 409,
    description: 'The data query is not in a status that allows the action (e.g. answering a closed query).',
  },
  SIGNATURE_CREDENTIAL_INVALID: {
    httpStatus: 403,
    description:
      'The e-signature credential is not valid for this signature: expired, already used, issued to someone else, or for another record or meaning. Confirm the password again (users: confirmSignature).',
  },
  FORM_DEFINITION_INVALID: {
    httpStatus: 422,
    description:
      'A form definition was refused whole, nothing published: it is not valid JSON, does not follow the ODM-shaped schema, or names items, code lists or checks that do not resolve. `extensions.problems` lists each problem.',
  },
  LOCK_TRANSITION_NOT_ALLOWED: {
    httpStatus: 409,
    description: 'The freeze/lock action does not apply to the current state (e.g. unfreezing data that is locked).',
  },
})
