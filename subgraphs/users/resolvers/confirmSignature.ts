import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { UsersErrorCodes } from '../errorCodes'
import { parseSignatureRequest } from '../auth/signatureRequest'

// 21 CFR 11.200(a): a signature's two components — the signed-in user, and their password again.
export const confirmSignature: MutationResolvers['confirmSignature'] = async (
  _parent,
  { input },
  { runtime, identity, requestId },
) => {
  // The server lets no anonymous caller this far (only sign-in fields are open); this says why if one did.
  if (!identity) throw appError(ErrorCodes.UNAUTHENTICATED, 'Sign in to confirm a signature.')
  const request = parseSignatureRequest(input)
  const outcome = await runtime.signatures.confirm(
    identity.userId,
    input.password,
    request,
    requestActor(identity, requestId),
  )
  switch (outcome.kind) {
    case 'confirmed':
      return outcome.credential
    case 'no-account':
      throw appError(ErrorCodes.UNAUTHENTICATED, 'The signed-in account no longer exists.')
    case 'locked':
      throw appError(
        UsersErrorCodes.ACCOUNT_LOCKED,
        `Too many failed password checks for this account: try again in ${outcome.retryAfterSeconds} s.`,
        { retryAfterSeconds: outcome.retryAfterSeconds },
      )
    case 'failed':
      // An inactive account is refused in the same words as a wrong password, as at sign-in.
      throw appError(UsersErrorCodes.INVALID_CREDENTIALS, 'The password is wrong.')
  }
}
