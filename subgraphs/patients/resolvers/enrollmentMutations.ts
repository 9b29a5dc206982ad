import type { MutationResolvers } from '../generated/graphql'
import { parseId } from '../../../platform/ids'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { calendarDate } from '../../../subgraph-runtime/graphql/scalars'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { screenSubject } from '../enrollment/screenSubject'
import { startEnrollment } from '../enrollment/startEnrollment'
import { withdrawSubject } from '../enrollment/withdrawSubject'
import { waitForOutcome } from '../enrollment/sagaOrchestrator'
import { loadEnrollmentSettings } from '../enrollment/enrollmentSettings'
import { requestWork } from '../../../subgraph-runtime/database/requestWork'

/**
 * The longest an enrollPatient call waits for the saga's outcome: below the gateway's bound on one
 * subgraph call (SUBGRAPH_TIMEOUT_MS, 10 s), so the answer is the subject as it stands rather than
 * a timeout. A saga that takes longer goes on; the client follows Patient.enrollment.
 */
const MAX_WAIT_MS = 8000
/** Kept back from the request's deadline (x-deadline-ms) for the answer itself. */
const ANSWER_MARGIN_MS = 300

export const screenPatient: MutationResolvers['screenPatient'] = (
  _parent,
  { input },
  { prisma, identity, requestId },
) =>
  screenSubject(prisma, identity, requestActor(identity, requestId), {
    siteId: parseId(input.siteId, 'siteId'),
    yearOfBirth: input.yearOfBirth,
    sex: input.sex,
    screeningDate: input.screeningDate ? calendarDate(input.screeningDate) : null,
    eligibility: input.eligibility,
    clientRequestId: input.clientRequestId ?? null,
  })

export const enrollPatient: MutationResolvers['enrollPatient'] = async (
  _parent,
  args,
  { prisma, identity, requestId, background, loaders },
) => {
  const patientId = parseId(args.patientId, 'patientId')
  const waitMs = args.waitForOutcomeMs ?? 0
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > MAX_WAIT_MS)
    throw badInput('waitForOutcomeMs', `Argument "waitForOutcomeMs" must be between 0 and ${MAX_WAIT_MS}.`)
  const settings = background?.settings ?? loadEnrollmentSettings()
  const { sagaId, started } = await startEnrollment(prisma, identity, requestActor(identity, requestId), {
    patientId,
    enrollmentDate: args.enrollmentDate ? calendarDate(args.enrollmentDate) : null,
    stepTimeoutMs: settings.stepTimeoutMs,
  })
  if (started) background?.relay.kick()
  // Never past the request's own deadline: the gateway would drop the answer.
  const budgetMs = requestWork.getStore()?.budgetMs ?? Infinity
  const wait = Math.min(waitMs, budgetMs - ANSWER_MARGIN_MS)
  if (wait > 0) await waitForOutcome(prisma, sagaId, wait)
  loaders.patientById.clear(patientId)
  loaders.latestEnrollmentByPatient.clear(patientId)
  return (await loaders.patientById.load(patientId))!
}

export const withdrawPatient: MutationResolvers['withdrawPatient'] = async (
  _parent,
  { input },
  { prisma, identity, requestId, loaders, background },
) => {
  const patientId = parseId(input.patientId, 'patientId')
  await withdrawSubject(prisma, identity, requestActor(identity, requestId), {
    patientId,
    withdrawnOn: input.withdrawnOn ? calendarDate(input.withdrawnOn) : null,
    reason: input.reason,
  })
  background?.relay.kick() // the other contexts hear of it now, not at the relay's next poll
  loaders.patientById.clear(patientId)
  return (await loaders.patientById.load(patientId))!
}
