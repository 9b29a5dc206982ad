import { Gauge, Histogram } from 'prom-client'
import { metrics } from '../../../platform/metrics/registry'
import type { EproPrisma } from '../data/prismaClient'
import type { AlertFeed } from './alertFeed'

/**
 * The alert path's health, read when Prometheus scrapes: how many events wait in the outbox and
 * for how long (a stuck relay or an unreachable broker shows here first), and how many live alert
 * subscriptions this instance serves. Re-registered by the latest pipeline of the process.
 */
export function registerPipelineGauges(prisma: EproPrisma, feed: AlertFeed): void {
  const gauges: [string, string, () => Promise<number>][] = [
    [
      'outbox_unpublished_events',
      'Events committed to the outbox and not yet published to the bus.',
      () => prisma.outboxEvent.count({ where: { publishedAt: null } }),
    ],
    [
      'outbox_oldest_unpublished_age_seconds',
      'Age of the oldest event still waiting in the outbox (0 when it is empty).',
      async () => {
        const oldest = await prisma.outboxEvent.findFirst({
          where: { publishedAt: null },
          orderBy: { sequence: 'asc' },
          select: { occurredAt: true },
        })
        return oldest ? (Date.now() - oldest.occurredAt.getTime()) / 1000 : 0
      },
    ],
    [
      'epro_alert_subscriptions',
      'Live adverse-event alert subscriptions served by this instance.',
      async () => feed.listenerCount(),
    ],
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

/**
 * Where an alert's time goes between the diary entry that raised it and the live push: seconds
 * from the entry's server timestamp (the outbox event's `occurredAt`) to each stage. A slow relay,
 * broker, store or tailer shows as the first stage whose tail jumps. Buckets are fine below 100 ms,
 * where the alert path's target lies.
 */
export const alertPipelineLatency = new Histogram({
  name: 'epro_alert_pipeline_seconds',
  help: 'Seconds from the diary entry that raised an alert to each stage: published to the bus, consumed, stored, announced to live subscribers.',
  labelNames: ['stage'] as const,
  buckets: [0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
})

/** Notes that an alert raised by an entry at `since` reached `stage` now. */
export const noteAlertStage = (stage: 'published' | 'consumed' | 'stored' | 'announced', since: Date | string) =>
  alertPipelineLatency.observe({ stage }, (Date.now() - new Date(since).getTime()) / 1000)
