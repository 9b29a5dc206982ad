import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../server-kit/ids'
import { notFound } from '../../../server-kit/errors'

export const user: QueryResolvers['user'] = async (_parent, args, { loaders }) => {
  const id = parseId(args.id)
  const found = await loaders.userById.load(id)
  if (!found) throw notFound('User', 'id', id)
  return found
}
