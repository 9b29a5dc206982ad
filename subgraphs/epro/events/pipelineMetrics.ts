import { Histogram } from 'prom-client'
import { metrics, registerScrapeGauges } from '../../../platform/metrics/registry'
import type { AlertFeed } from './alertFeed'

/** Live alert subscriptions this instance serves, read when Prometheus scrapes. */
export function registerPipelineGauges(feed: AlertFeed): void {
  registerScrapeGauges([
    [
      'epro_alert_subscriptions',
      'Live adverse-event alert subscriptions served by this instance.',
      () => feed.listenerCount(),
    ],
  ])
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
