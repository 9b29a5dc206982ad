import type { MutationResolvers } from '../generated/graphql'
import { validateSubmission } from '../submission/validateSubmission'
import { recordSubmission } from '../submission/recordSubmission'
import { readSubmissionContext } from '../data/submissionStatements'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { mayWriteDiary } from '../../../access-policy/accessPolicy'

export const submitEproEntry: MutationResolvers['submitEproEntry'] = async (
  _parent,
  { input },
  { prisma, now, background, identity, requestId, subjects },
) => {
  const at = now()
  const entry = validateSubmission(input, at)
  // Everything the entry is judged by, in one statement — the subject's registry row included, so
  // the access check below costs no statement of its own. Nothing read is answered before it.
  const context = await readSubmissionContext(prisma, entry.submissionId, entry.patientId)
  subjects.subjectById.prime(entry.patientId, context.subject)
  // The patient, or their site's CRC or investigator on their behalf; no one else, whatever the entry.
  await subjects.require(entry.patientId, mayWriteDiary)
  const recorded = await recordSubmission(prisma, entry, context, at, requestActor(identity, requestId))
  // Committed: wake the outbox relay now rather than at its next poll (alerts within a second).
  if (recorded.created && recorded.signals.length) background?.alerts.relay.kick()
  return { submission: recorded.submission, created: recorded.created, safetySignals: recorded.signals }
}
