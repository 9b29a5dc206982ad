import type { UsersContext } from '../context'
import type { UserModel } from '../data/models'
import { mayReadContactDetails } from '../../../access-policy/accessPolicy'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'

/**
 * A user's email or phone, for whoever may read their contact details (the access policy's
 * mayReadContactDetails, on the person's current roles — one batched statement per request);
 * anyone else gets null with FORBIDDEN on that field alone: the name stays.
 */
export async function contactDetail(
  user: UserModel,
  detail: 'email' | 'phone',
  { identity, loaders }: Pick<UsersContext, 'identity' | 'loaders'>,
): Promise<string | null> {
  const roles = await loaders.rolesByUser.load(user.id)
  if (!mayReadContactDetails(identity, { userId: user.id, roles })) {
    throw appError(
      ErrorCodes.FORBIDDEN,
      "Contact details are for the person's colleagues on their studies and for their patients' care; you may see the name only.",
    )
  }
  return user[detail]
}
