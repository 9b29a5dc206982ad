import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../platform/ids'
import { visibleUser } from './visibleUser'

export const user: QueryResolvers['user'] = async (_parent, args, context) => {
  const id = parseId(args.id)
  return visibleUser(await context.loaders.userById.load(id), context, id)
}
