import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../platform/ids'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { studiesOf } from '../../../access-policy/accessPolicy'
import { mayCreateStudy } from '../../../access-policy/studySetupPolicy'
import { visibleSite, visibleStudy } from './visibility'

export const studies: QueryResolvers['studies'] = async (_parent, _args, { prisma, loaders, identity }) => {
  // The studies the caller holds a role in: a handful, so one short, unpaged list. An
  // organisation-level study manager (who creates studies) holds no study, and sees them all.
  const all = await prisma.study.findMany({
    where: mayCreateStudy(identity) ? {} : { id: { in: [...studiesOf(identity)] } },
    orderBy: { protocolId: 'asc' },
  })
  for (const study of all) loaders.studyById.prime(study.id, study)
  return all
}

export const study: QueryResolvers['study'] = async (_parent, args, { loaders, identity }) => {
  const id = parseId(args.id)
  return visibleStudy(await loaders.studyById.load(id), identity, id)
}

// Sponsor protocol ids are short upper-case codes such as "ONC-3017".
const PROTOCOL_ID = /^[A-Z0-9][A-Z0-9-]{1,31}$/

export const studyByProtocolId: QueryResolvers['studyByProtocolId'] = async (_parent, args, { loaders, identity }) => {
  const protocolId = args.protocolId.trim().toUpperCase()
  if (!PROTOCOL_ID.test(protocolId)) {
    throw badInput(
      'protocolId',
      'Argument "protocolId" must be a protocol id such as "ONC-3017" (2-32 letters, digits and dashes).',
    )
  }
  return visibleStudy(await loaders.studyByProtocolId.load(protocolId), identity, protocolId)
}

export const site: QueryResolvers['site'] = async (_parent, args, { loaders, identity }) => {
  const id = parseId(args.id)
  return visibleSite(await loaders.siteById.load(id), identity, id)
}
