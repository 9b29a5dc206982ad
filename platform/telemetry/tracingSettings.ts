/**
 * How much tracing a process does, from the standard OpenTelemetry environment variables:
 * - `disabled` (OTEL_SDK_DISABLED=true): nothing is installed; no trace context at all.
 * - `propagate` (the default): W3C trace context is accepted from clients and passed on to
 *   subgraphs and through Kafka, so every log line carries the trace id, but no span is recorded.
 *   This costs a context object per request, not the span bookkeeping of full tracing.
 * - `export` (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set, and
 *   OTEL_TRACES_EXPORTER not `none`): spans are recorded (operation, plan, fetches, resolvers, SQL,
 *   outbox publish, alert consumption, subscription push) and sent to the collector over OTLP/HTTP.
 */
export type TracingMode = 'disabled' | 'propagate' | 'export'

export function tracingMode(env: NodeJS.ProcessEnv): TracingMode {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return 'disabled'
  if (env.OTEL_TRACES_EXPORTER?.toLowerCase() === 'none') return 'propagate'
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'export' : 'propagate'
}

/** OTEL_TRACES_SAMPLER_ARG: the share of new traces recorded (a client's sampled flag is followed). */
export function samplingRatio(env: NodeJS.ProcessEnv): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG
  if (raw === undefined || raw === '') return 1
  const ratio = Number(raw)
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, not "${raw}".`)
  return ratio
}
