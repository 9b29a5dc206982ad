import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../server-kit/ids'
import { badInput, notFound } from '../../../server-kit/errors'

export const studies: QueryResolvers['studies'] = async (_parent, _args, { prisma, loaders }) => {
  // A sponsor runs a handful of protocols, so the catalogue is one short, unpaged list.
  const all = await prisma.study.findMany({ orderBy: { protocolId: 'asc' } })
  for (const study of all) loaders.studyById.prime(study.id, study)
  return all
}

export const study: QueryResolvers['study'] = async (_parent, args, { loaders }) => {
  const id = parseId(args.id)
  const found = await loaders.studyById.load(id)
  if (!found) throw notFound('Study', 'id', id)
  return found
}

// Sponsor protocol ids are short upper-case codes such as "ONC-3017".
const PROTOCOL_ID = /^[A-Z0-9][A-Z0-9-]{1,31}$/

export const studyByProtocolId: QueryResolvers['studyByProtocolId'] = async (_parent, args, { loaders }) => {
  const protocolId = args.protocolId.trim().toUpperCase()
  if (!PROTOCOL_ID.test(protocolId)) {
    throw badInput('protocolId', 'Argument "protocolId" must be a protocol id such as "ONC-3017" (2-32 letters, digits and dashes).')
  }
  const found = await loaders.studyByProtocolId.load(protocolId)
  if (!found) throw notFound('Study', 'protocol id', protocolId)
  return found
}

export const site: QueryResolvers['site'] = async (_parent, args, { loaders }) => {
  const id = parseId(args.id)
  const found = await loaders.siteById.load(id)
  if (!found) throw notFound('Site', 'id', id)
  return found
}
