import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../server-kit/ids'
import { notFound } from '../../../server-kit/errors'

export const labResult: QueryResolvers['labResult'] = async (_parent, args, { loaders }) => {
  const id = parseId(args.id)
  const found = await loaders.labResultById.load(id)
  if (!found) throw notFound('LabResult', 'id', id)
  return found
}
