import type express from 'express'
import { collectDefaultMetrics, Registry } from 'prom-client'

/** The gateway's Prometheus registry: every gateway metric registers here. */
export const gatewayMetrics = new Registry()
collectDefaultMetrics({ register: gatewayMetrics, prefix: 'gateway_' })

/** GET /metrics in the Prometheus text format. */
export function serveMetrics(app: express.Express): void {
  app.get('/metrics', async (_req, res) => {
    res.type(gatewayMetrics.contentType).send(await gatewayMetrics.metrics())
  })
}
