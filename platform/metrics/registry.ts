import type express from 'express'
import { collectDefaultMetrics, Registry } from 'prom-client'

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
