import { Counter, Histogram } from 'prom-client'
import { metrics, registerScrapeGauges } from '../../platform/metrics/registry'

/** Live gauges read from the subscription server when Prometheus scrapes. */
export function registerSubscriptionGauges(read: {
  connections(): number
  subscriptions(): number
  upstreamStreams(): number
}): void {
  registerScrapeGauges([
    ['gateway_ws_connections', 'Open graphql-ws connections at the gateway.', read.connections],
    ['gateway_subscriptions_active', 'Client subscriptions being served.', read.subscriptions],
    [
      'gateway_subscription_streams_upstream',
      'Distinct subscription streams open at subgraphs (identical client subscriptions share one).',
      read.upstreamStreams,
    ],
  ])
}

export const subscriptionEvents = new Counter({
  name: 'gateway_subscription_events_total',
  help: 'Subscription events completed across subgraphs (once per shared stream).',
  registers: [metrics],
})

export const subscriptionFrames = new Counter({
  name: 'gateway_subscription_frames_total',
  help: 'Subscription events handed to clients.',
  registers: [metrics],
})

export const slowSubscribersDropped = new Counter({
  name: 'gateway_subscription_slow_clients_ended_total',
  help: 'Client subscriptions ended because the client stopped reading while events piled up.',
  registers: [metrics],
})

export const subscriptionEventCompletion = new Histogram({
  name: 'gateway_subscription_event_completion_seconds',
  help: 'Seconds from a subgraph event reaching the gateway to its completed result handed to the subscribers, waiting behind earlier events of the stream included.',
  buckets: [0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metrics],
})
