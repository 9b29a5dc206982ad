import { Counter } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

/** Labels: scope user | ip | connection; class query | mutation | anonymous | subscribe. Never ids. */
export const rateLimited = new Counter({
  name: 'gateway_rate_limited_total',
  help: 'Operations refused with RATE_LIMITED, by the bucket that was empty: scope (user, ip, connection) and class (query, mutation, anonymous, subscribe).',
  labelNames: ['scope', 'class'] as const,
  registers: [metrics],
})

export const tokensCharged = new Counter({
  name: 'gateway_rate_limit_tokens_total',
  help: "Tokens charged to callers' buckets for operations let through, by class; against the operation count it shows how much wide queries weigh.",
  labelNames: ['class'] as const,
  registers: [metrics],
})
