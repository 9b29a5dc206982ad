import type { RoleAssignmentResolvers, UserResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { formatDisplayName } from '../displayName'
import { visibleUser } from './visibleUser'
import { contactDetail } from './contactDetails'

export const User: UserResolvers = {
  // Entity lookups from other subgraphs' plans; a malformed key resolves to null, a user the
  // caller may not see (or none) to null with FORBIDDEN.
  __resolveReference: async (ref, context) =>
    isUuid(ref.id) ? visibleUser(await context.loaders.userById.load(ref.id.toLowerCase()), context, ref.id) : null,
  displayName: (user) => formatDisplayName(user),
  email: (user, _args, context) => contactDetail(user, 'email', context),
  phone: (user, _args, context) => contactDetail(user, 'phone', context),
  roles: (user, _args, { loaders }) => loaders.rolesByUser.load(user.id),
}

export const RoleAssignment: RoleAssignmentResolvers = {
  // Study-level roles have no site; a patient account's role may name neither.
  study: (assignment) => (assignment.studyId ? { id: assignment.studyId } : null),
  site: (assignment) => (assignment.siteId ? { id: assignment.siteId } : null),
  grantedBy: async ({ grantedBy }, _args, context) =>
    grantedBy ? visibleUser(await context.loaders.userById.load(grantedBy), context, grantedBy) : null,
}
