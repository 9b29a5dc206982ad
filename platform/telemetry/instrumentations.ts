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
// Only when spans are recorded: HTTP server spans, and resolver and SQL spans, which cost a
// wrapper per request, field and statement. Propagating alone needs none of them: createHttpApp
// continues the caller's trace itself (continueIncomingTrace).
if (tracingMode(process.env) === 'export') {
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => PROBE_PATHS.test(req.url ?? ''),
        // A GET operation's text and variables (patient ids, subject numbers) stay out of the
        // server span's url.query, as they stay out of the access log.
        redactedQueryParamsServer: ['query', 'variables'],
      }),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  })
}
