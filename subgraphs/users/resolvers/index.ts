import type { Resolvers } from '../generated/graphql'
import { user } from './queryUser'
import { RoleAssignment, User } from './user'
import { Site } from './siteStaff'

export const resolvers: Resolvers = {
  Query: { user },
  User,
  RoleAssignment,
  Site,
}
