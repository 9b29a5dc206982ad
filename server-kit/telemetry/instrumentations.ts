import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg'
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql'
import { tracingMode } from './tracingSettings'
import { PROBE_PATHS } from '../http/probePaths'

// Imported first by every process entry (gateway/main.ts, subgraphs/*/main.ts): instrumentations
// patch modules as they are required, so they must be in place before http, pg and graphql load.
// The tracer provider itself comes later (startTracing), when the service's name is known; until
// then the instrumentations' tracers wait on the API's proxy.
const mode = tracingMode(process.env)
if (mode !== 'disabled') {
  registerInstrumentations({
    instrumentations: [
      // Always: the server span carries the client's traceparent into the request's context.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => PROBE_PATHS.test(req.url ?? '') }),
      // Only when spans are recorded: resolver and SQL spans cost a wrapper per field and statement.
      ...(mode === 'export'
        ? [new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }), new PgInstrumentation({ requireParentSpan: true })]
        : []),
    ],
  })
}
