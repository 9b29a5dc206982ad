import fs from 'node:fs'
import path from 'node:path'
import express, { type Express, type RequestHandler } from 'express'
import type { Logger } from '../../platform/logging/logger'

/** Paths the gateway answers itself; everything else that asks for a page gets the app. */
const API_PATHS = /^\/(graphql|health|ready|metrics)(\/|$)/

/**
 * The app's pages may load only the gateway's own scripts, styles and images, and talk only to
 * the gateway (HTTP and graphql-ws): an injected script has nowhere to load from or send to.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const pageHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  next()
}

/**
 * Serves the built web app (web/dist) at /: hashed assets cached for a year, index.html never
 * cached (a deploy is picked up on the next load), and every other page path (/patients/…) gets
 * index.html so the app's own router shows it. A gateway started before the app was built says
 * how to build it instead of answering 404.
 */
export function serveWebApp(app: Express, root: string, logger: Logger): void {
  const index = path.join(root, 'index.html')
  const built = fs.existsSync(index)
  if (!built) logger.warn({ webRoot: root }, 'web app not built: run `npm run build:web`; the API is served regardless')
  app.use(
    '/assets',
    pageHeaders,
    express.static(path.join(root, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  )
  app.use(pageHeaders, express.static(root, { index: false, maxAge: 0 }))
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || !req.accepts('html'))
      return next()
    res.setHeader('Cache-Control', 'no-cache')
    pageHeaders(req, res, () => {
      if (built) res.sendFile(index)
      else
        res
          .status(503)
          .type('text/plain')
          .send('The web app is not built. Run `npm run build:web` (npm start does it for you), then reload.')
    })
  })
}
