import type express from 'express'
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client'

/**
 * The process's Prometheus registry (one service per process: the gateway or one subgraph), with
 * Node's own metrics (event-loop lag, heap, GC, CPU). Labels never carry ids or patient data:
 * services, subgraphs, operation names (bounded), outcomes and error codes only.
 */
export const metrics = new Registry()
collectDefaultMetrics({ register: metrics })

/**
 * GET /metrics in the Prometheus text format. An explicit access decision: open on the service
 * port, like /health, for the scraper inside the deployment's network — it holds no patient data.
 */
export function serveMetrics(app: express.Express): void {
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics())
  })
}

/**
 * Gauges read when Prometheus scrapes (a count in a table, a live connection count). Registering
 * again replaces them: the latest owner of the process (e.g. a restarted pipeline) reports.
 */
export function registerScrapeGauges(
  gauges: [name: string, help: string, read: () => number | Promise<number>][],
): void {
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
