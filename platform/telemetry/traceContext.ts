import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Attributes,
  type Context,
} from '@opentelemetry/api'

/**
 * W3C trace context (traceparent, tracestate) as a plain map, the form in which a trace crosses
 * what HTTP instrumentation cannot see: an outbox row, Kafka message headers, a stored alert,
 * a subscription event's extensions.
 */
export type TraceCarrier = Record<string, string>

const tracer = trace.getTracer('trial-supergraph')

/** The active trace as a carrier, or null when there is none (tracing disabled, no request). */
export function currentTraceCarrier(): TraceCarrier | null {
  const carrier: TraceCarrier = {}
  propagation.inject(context.active(), carrier)
  return carrier.traceparent ? carrier : null
}

/**
 * Runs a request's handling in the caller's trace (its traceparent, or a new trace): a span that
 * records nothing but gives the request, its log lines and its outgoing calls their trace and span
 * ids. What the HTTP instrumentation does when spans are exported, without its per-request cost.
 */
export function continueIncomingTrace(
  headers: Record<string, string | string[] | undefined>,
  method: string,
  work: () => void,
): void {
  const parent = propagation.extract(ROOT_CONTEXT, headers)
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER }, parent)
  context.with(trace.setSpan(parent, span), work)
}

/** Reads a carrier back from storage or a message; anything malformed means no parent. */
export function traceCarrierOf(value: unknown): TraceCarrier | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null
  const entries = Object.entries(value as Record<string, unknown>).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  )
  return entries.length ? Object.fromEntries(entries) : null
}

function contextOf(carrier: TraceCarrier | null | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT
}

/** The ids of the active span, as log fields (OpenTelemetry's names for them). */
export function activeTraceFields(): { trace_id: string; span_id: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext()
  return spanContext && isSpanContextValid(spanContext)
    ? { trace_id: spanContext.traceId, span_id: spanContext.spanId }
    : undefined
}

export interface SpanOptions {
  kind?: SpanKind
  /** Continue this trace (from a message or a row) instead of the active one. */
  parent?: TraceCarrier | null
  attributes?: Attributes
}

/** Runs `work` in a new active span, ended (with its error, if any) when the work settles. */
export async function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const parent = options.parent !== undefined ? contextOf(options.parent) : context.active()
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work()
      } catch (error) {
        span.recordException(error as Error)
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message })
        throw error
      } finally {
        span.end()
      }
    },
  )
}

/**
 * Starts a span whose context travels by hand (in a message or a payload): `carrier` is the span's
 * own context to send on, so the receiver's work becomes its child. End it when the hand-off is done.
 */
export function startHandOffSpan(
  name: string,
  options: SpanOptions,
): { carrier: TraceCarrier | null; end(error?: unknown): void } {
  const parent = options.parent !== undefined ? contextOf(options.parent) : context.active()
  const span = tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.PRODUCER, attributes: options.attributes },
    parent,
  )
  const carrier: TraceCarrier = {}
  propagation.inject(trace.setSpan(parent, span), carrier)
  return {
    carrier: carrier.traceparent ? carrier : null,
    end(error) {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message })
      span.end()
    },
  }
}

export { SpanKind }
