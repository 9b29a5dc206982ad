import http from 'node:http'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'

/** One span as a collector receives it over OTLP/HTTP (JSON encoding: ids in hex). */
export interface ReceivedSpan {
  service: string
  name: string
  traceId: string
  spanId: string
  parentSpanId: string
  kind: number
  /** The span's attributes with string values. */
  attributes: Record<string, string>
}

/**
 * A stand-in for an OpenTelemetry collector on a real socket: accepts OTLP/HTTP JSON exports at
 * /v1/traces (what @opentelemetry/exporter-trace-otlp-http sends) and keeps the spans.
 */
export async function startOtlpReceiver(): Promise<{
  endpoint: string
  spans: ReceivedSpan[]
  close(): Promise<void>
}> {
  const spans: ReceivedSpan[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end()
        return
      }
      const raw = Buffer.concat(chunks)
      const body = JSON.parse(
        (req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8'),
      )
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service =
          resourceSpans.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value
            ?.stringValue ?? '?'
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? [])
            spans.push({
              service,
              name: span.name,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              kind: span.kind,
              attributes: Object.fromEntries(
                (span.attributes ?? []).flatMap((a: { key: string; value?: { stringValue?: string } }) =>
                  a.value?.stringValue === undefined ? [] : [[a.key, a.value.stringValue]],
                ),
              ),
            })
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
