import { Gauge } from 'prom-client'
import { metrics } from '../../../server-kit/metrics/registry'
import type { EproPrisma } from '../data/prismaClient'
import type { AlertFeed } from './alertFeed'

/**
 * The alert path's health, read when Prometheus scrapes: how many events wait in the outbox and
 * for how long (a stuck relay or an unreachable broker shows here first), and how many live alert
 * subscriptions this instance serves. Re-registered by the latest pipeline of the process.
 */
export function registerPipelineGauges(prisma: EproPrisma, feed: AlertFeed): void {
  const gauges: [string, string, () => Promise<number>][] = [
    ['outbox_unpublished_events', 'Events committed to the outbox and not yet published to the bus.', () => prisma.outboxEvent.count({ where: { publishedAt: null } })],
    [
      'outbox_oldest_unpublished_age_seconds',
      'Age of the oldest event still waiting in the outbox (0 when it is empty).',
      async () => {
        const oldest = await prisma.outboxEvent.findFirst({ where: { publishedAt: null }, orderBy: { sequence: 'asc' }, select: { occurredAt: true } })
        return oldest ? (Date.now() - oldest.occurredAt.getTime()) / 1000 : 0
      },
    ],
    ['epro_alert_subscriptions', 'Live adverse-event alert subscriptions served by this instance.', async () => feed.listenerCount()],
  ]
  for (const [name, help, read] of gauges) {
    metrics.removeSingleMetric(name)
    new Gauge({
      name,
      help,
      registers: [metrics],
      async collect() {
        this.set(await read())
      },
    })
  }
}
