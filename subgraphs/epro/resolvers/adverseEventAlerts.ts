import type {
  AdverseEventAlertResolvers,
  MutationResolvers,
  QueryResolvers,
  SubscriptionResolvers,
} from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes, badInput } from '../../../contracts/errors/commonErrorCodes'
import { isUuid, parseId } from '../../../platform/ids'
import { pageSize } from '../../../platform/pagination'
import { alertCursor, sequenceAfter } from '../alerts/alertCursor'
import { storedAlertsAfter } from '../alerts/storedAlerts'
import { liveAlertStream } from '../alerts/liveAlertStream'
import { acknowledgeAlert } from '../alerts/acknowledgeAlert'
import { requireWatchableSites } from '../alerts/alertAccess'
import { mayAcknowledgeAlerts, mayReadSubject } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { noteEventTrace } from '../../../subgraph-runtime/http/subscriptionServer'
import { traceCarrierOf } from '../../../platform/telemetry/traceContext'

const siteIdsOf = (ids: readonly string[]) => {
  if (ids.length === 0 || ids.length > 200)
    throw badInput('siteIds', 'Argument "siteIds" must name between 1 and 200 sites.')
  return ids.map((id) => parseId(id, 'siteIds'))
}

export const adverseEventAlertsQuery: QueryResolvers['adverseEventAlerts'] = async (
  _parent,
  args,
  { prisma, identity },
) => {
  const siteIds = siteIdsOf(args.siteIds)
  const [after, first] = [sequenceAfter(args.after), pageSize(args.first, { fallback: 50, max: 500 })]
  await requireWatchableSites(prisma, identity, siteIds)
  return storedAlertsAfter(prisma, siteIds, after, first, args.status)
}

export const adverseEventAlertsSubscription: SubscriptionResolvers['adverseEventAlerts'] = {
  subscribe: async (_parent, args, { prisma, background, identity }) => {
    const feed = background?.alerts.feed
    if (!feed) throw appError(ErrorCodes.INTERNAL_SERVER_ERROR, 'The alert feed is not running in this process.')
    const siteIds = siteIdsOf(args.siteIds)
    const after = args.after ? sequenceAfter(args.after) : null
    // Decided once, when the subscription starts: the stream carries only these sites' alerts.
    await requireWatchableSites(prisma, identity, siteIds)
    const stream = liveAlertStream(feed, siteIds, async () => {
      // No cursor: live alerts only, from the current end of the feed on.
      if (after === null)
        return {
          backlog: [],
          after: (await prisma.adverseEventAlert.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0n,
        }
      // A cursor: what was missed since (bounded at 1,000 — the oldest of a longer absence are in the
      // alert list), then live.
      return { backlog: await storedAlertsAfter(prisma, siteIds, after, 1000), after }
    })
    return { [Symbol.asyncIterator]: () => stream }
  },
  resolve: (alert: unknown, _args: unknown, context: unknown) => {
    noteEventTrace(context, traceCarrierOf((alert as { traceContext?: unknown }).traceContext))
    return alert as never
  },
}

export const acknowledgeAdverseEventAlert: MutationResolvers['acknowledgeAdverseEventAlert'] = async (
  _parent,
  args,
  { prisma, now, identity, requestId },
) => {
  const alertId = parseId(args.alertId, 'alertId')
  const userId = parseId(args.acknowledgedBy, 'acknowledgedBy')
  // The signed-in user acknowledges, for themselves only, an alert of a site they work at.
  if (userId !== identity?.userId)
    throw appError(
      ErrorCodes.FORBIDDEN,
      'An alert can only be acknowledged by the signed-in user (acknowledgedBy must be your own user id).',
    )
  // Only an open alert changes; acknowledging twice keeps the first acknowledgement (who and when).
  const alert = await acknowledgeAlert(
    prisma,
    { alertId, acknowledgedBy: userId, at: now() },
    requestActor(identity, requestId),
    (found) => mayAcknowledgeAlerts(identity, found),
  )
  if (!alert) throw forbidden('alert', alertId)
  return alert
}

export const AdverseEventAlert: AdverseEventAlertResolvers = {
  // A malformed key is no alert; an alert of a subject the caller may not see (or none): FORBIDDEN.
  __resolveReference: async (ref, { loaders, identity }) => {
    if (!isUuid(ref.id)) return null
    const alert = await loaders.alertById.load(ref.id.toLowerCase())
    if (!alert || !mayReadSubject(identity, alert)) throw forbidden('alert', ref.id)
    return alert
  },
  cursor: (alert) => alertCursor(alert.sequence),
  patient: (alert) => ({ id: alert.patientId }),
  site: (alert) => ({ id: alert.siteId }),
  submission: (alert, _args, { loaders }) => loaders.submissionById.load(alert.submissionId),
  acknowledgedBy: (alert) => (alert.acknowledgedBy ? { id: alert.acknowledgedBy } : null),
}
