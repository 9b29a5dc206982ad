import type { AdverseEventAlertResolvers, MutationResolvers, QueryResolvers, SubscriptionResolvers } from '../generated/graphql'
import { appError, badInput, notFound } from '../../../server-kit/errors'
import { isUuid, parseId } from '../../../server-kit/ids'
import { pageSize } from '../../../server-kit/pagination'
import { alertCursor, sequenceAfter } from '../alerts/alertCursor'
import { storedAlertsAfter } from '../alerts/storedAlerts'
import { liveAlertStream } from '../alerts/liveAlertStream'

const siteIdsOf = (ids: readonly string[]) => {
  if (ids.length === 0 || ids.length > 200) throw badInput('siteIds', 'Argument "siteIds" must name between 1 and 200 sites.')
  return ids.map((id) => parseId(id, 'siteIds'))
}

export const adverseEventAlertsQuery: QueryResolvers['adverseEventAlerts'] = (_parent, args, { prisma }) =>
  storedAlertsAfter(prisma, siteIdsOf(args.siteIds), sequenceAfter(args.after), pageSize(args.first, { fallback: 50, max: 500 }), args.status)

export const adverseEventAlertsSubscription: SubscriptionResolvers['adverseEventAlerts'] = {
  subscribe: (_parent, args, { prisma, background }) => {
    const feed = background?.alerts.feed
    if (!feed) throw appError('INTERNAL_SERVER_ERROR', 'The alert feed is not running in this process.')
    const siteIds = siteIdsOf(args.siteIds)
    const after = args.after ? sequenceAfter(args.after) : null
    const stream = liveAlertStream(feed, siteIds, async () => {
      // No cursor: live alerts only, from the current end of the feed on.
      if (after === null) return { backlog: [], after: (await prisma.adverseEventAlert.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0n }
      // A cursor: what was missed since (bounded at 1,000 — the oldest of a longer absence are in the alert list), then live.
      return { backlog: await storedAlertsAfter(prisma, siteIds, after, 1000), after }
    })
    return { [Symbol.asyncIterator]: () => stream }
  },
  resolve: (alert: unknown) => alert as never,
}

export const acknowledgeAdverseEventAlert: MutationResolvers['acknowledgeAdverseEventAlert'] = async (_parent, args, { prisma, now }) => {
  const alertId = parseId(args.alertId, 'alertId')
  const userId = parseId(args.acknowledgedBy, 'acknowledgedBy')
  // Only an open alert changes; acknowledging twice keeps the first acknowledgement (who and when).
  await prisma.adverseEventAlert.updateMany({ where: { id: alertId, status: 'OPEN' }, data: { status: 'ACKNOWLEDGED', acknowledgedBy: userId, acknowledgedAt: now() } })
  const alert = await prisma.adverseEventAlert.findUnique({ where: { id: alertId } })
  if (!alert) throw notFound('AdverseEventAlert', 'id', alertId)
  return alert
}

export const AdverseEventAlert: AdverseEventAlertResolvers = {
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.alertById.load(ref.id.toLowerCase()) : null),
  cursor: (alert) => alertCursor(alert.sequence),
  patient: (alert) => ({ id: alert.patientId }),
  site: (alert) => ({ id: alert.siteId }),
  submission: (alert, _args, { loaders }) => loaders.submissionById.load(alert.submissionId),
  acknowledgedBy: (alert) => (alert.acknowledgedBy ? { id: alert.acknowledgedBy } : null),
}
