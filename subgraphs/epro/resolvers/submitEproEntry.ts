import type { MutationResolvers } from '../generated/graphql'
import { validateSubmission } from '../submission/validateSubmission'
import { recordSubmission } from '../submission/recordSubmission'

export const submitEproEntry: MutationResolvers['submitEproEntry'] = async (_parent, { input }, { prisma, now, background }) => {
  const at = now()
  const recorded = await recordSubmission(prisma, validateSubmission(input, at), at)
  // Committed: wake the outbox relay now rather than at its next poll (alerts within a second).
  if (recorded.created && recorded.signals.length) background?.alerts.relay.kick()
  return { submission: recorded.submission, created: recorded.created, safetySignals: recorded.signals }
}
