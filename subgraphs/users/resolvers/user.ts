import type { RoleAssignmentResolvers, UserResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'
import { formatDisplayName } from '../displayName'

export const User: UserResolvers = {
  // Entity lookups from other subgraphs' plans; an unknown or malformed key resolves to null.
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.userById.load(ref.id.toLowerCase()) : null),
  displayName: (user) => formatDisplayName(user),
  roles: (user, _args, { loaders }) => loaders.rolesByUser.load(user.id),
}

export const RoleAssignment: RoleAssignmentResolvers = {
  // Study-level roles have no site; a patient account's role may name neither.
  study: (assignment) => (assignment.studyId ? { id: assignment.studyId } : null),
  site: (assignment) => (assignment.siteId ? { id: assignment.siteId } : null),
}
