import type { MutationResolvers } from '../generated/graphql'
import { validateSubmission } from '../submission/validateSubmission'
import { recordSubmission } from '../submission/recordSubmission'

export const submitEproEntry: MutationResolvers['submitEproEntry'] = async (_parent, { input }, { prisma, now }) => {
  const at = now()
  const recorded = await recordSubmission(prisma, validateSubmission(input, at), at)
  return { submission: recorded.submission, created: recorded.created, safetySignals: recorded.signals }
}
