import type { MutationResolvers, QueryResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { UsersErrorCodes } from '../errorCodes'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'

export const signIn: MutationResolvers['signIn'] = async (
  _parent,
  { email, password },
  { runtime, identity, requestId },
) => {
  const outcome = await runtime.sessions.signIn(email, password, requestActor(identity, requestId))
  if (outcome.kind === 'signed-in') return outcome.session
  if (outcome.reason === 'locked') {
    const retryAfterSeconds = await runtime.sessions.lockedFor(email)
    throw appError(
      UsersErrorCodes.ACCOUNT_LOCKED,
      `Too many failed sign-ins for this address: try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    )
  }
  throw appError(UsersErrorCodes.INVALID_CREDENTIALS, 'The email or password is wrong.')
}

export const refreshSession: MutationResolvers['refreshSession'] = (
  _parent,
  { refreshToken },
  { runtime, identity, requestId },
) => runtime.sessions.refresh(refreshToken, requestActor(identity, requestId))

export const signOut: MutationResolvers['signOut'] = async (
  _parent,
  { refreshToken },
  { runtime, identity, requestId },
) => {
  await runtime.sessions.signOut(refreshToken, requestActor(identity, requestId))
  return true
}

export const me: QueryResolvers['me'] = async (_parent, _args, { identity, loaders }) => {
  const user = identity && (await loaders.userById.load(identity.userId))
  if (!user) throw appError(ErrorCodes.UNAUTHENTICATED, 'The signed-in account no longer exists.')
  return user
}
