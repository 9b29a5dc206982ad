import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/** Codes of signing in, sessions, signature confirmation and staff administration. */
export const UsersErrorCodes = defineErrorCodes('users', {
  INVALID_CREDENTIALS: {
    httpStatus: 401,
    description:
      'The email or password is wrong (which one is not said); for `confirmSignature`, the password is wrong.',
  },
  ACCOUNT_LOCKED: {
    httpStatus: 429,
    description:
      'Too many failed sign-ins or signature confirmations for this email address (whether or not it has an account); `extensions.retryAfterSeconds` says when to try again.',
  },
  INVALID_REFRESH_TOKEN: {
    httpStatus: 401,
    description: 'The refresh token is unknown, expired, revoked or already used; sign in again.',
  },
  INVALID_INVITATION: {
    httpStatus: 400,
    description:
      'The activation token of `acceptInvitation` is unknown, already used or expired (which one is not said); ask for a new invitation.',
  },
  EMAIL_TAKEN: {
    httpStatus: 409,
    description: '`inviteStaff`: an account with this email address already exists; grant it a role instead.',
  },
})
