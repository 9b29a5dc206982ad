import {
  NodeTracerProvider,
  AlwaysOffSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'
import { samplingRatio, tracingMode } from './tracingSettings'
import type { ShutdownPhase } from '../shutdown/shutdownSequence'

export interface Tracing {
  /** Sends the spans still buffered (call last on shutdown). */
  shutdown(): Promise<void>
}

/**
 * Installs the process's tracer provider, W3C trace-context propagator and async context manager
 * (see tracingSettings.ts for the modes). Spans are batched and exported over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT; the exporter and batch processor read their other OTEL_* settings
 * themselves.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const mode = tracingMode(env)
  if (mode === 'disabled') return { shutdown: async () => {} }
  const exporting = mode === 'export'
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || service }),
    // Not exporting: every span is a non-recording one that still has the trace's ids.
    sampler: exporting
      ? new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(samplingRatio(env)) })
      : new AlwaysOffSampler(),
    spanProcessors: exporting ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [],
  })
  provider.register()
  return { shutdown: () => provider.shutdown() }
}

/**
 * Starts a process's server with tracing in place (the gateway's and every subgraph's entry):
 * tracing starts first, so the server's start-up is traced, and its flush is the last shutdown
 * phase, so spans still buffered go to the collector, the shutdown's own included.
 */
export async function startTraced(
  service: string,
  startServer: () => Promise<{ shutdownPhases: readonly ShutdownPhase[] }>,
): Promise<{ shutdownPhases: readonly ShutdownPhase[] }> {
  const tracing = startTracing(service)
  const running = await startServer()
  return { shutdownPhases: [...running.shutdownPhases, { name: 'traces', run: () => tracing.shutdown() }] }
}
