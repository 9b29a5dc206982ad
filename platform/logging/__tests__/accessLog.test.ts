import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import express from 'express'
import pino from 'pino'
import { accessLog } from '../accessLog'

/** An app behind the access log, with the lines its logger wrote. */
async function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  const app = express()
  app.use((_req, res, next) => {
    res.locals.requestId = 'req-1'
    next()
  })
  app.use(...accessLog(pino({ level }, sink)))
  app.get('/ok', (_req, res) => void res.json({ ok: true }))
  app.get('/broken', (_req, res) => void res.status(500).json({ ok: false }))
  app.get('/hang', (req) => void req.socket.destroy())
  const server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const get = (path: string) =>
    fetch(`${base}${path}?variables=secret`).then(
      (r) => r.status,
      () => 0,
    )
  // A line is written from the response's close, which may come just after the client has its
  // answer: wait for the lines expected (the requests are sequential, so earlier closes are past).
  const linesWritten = async (count: number) => {
    while (lines.length < count) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { lines, get, linesWritten, close: () => new Promise((resolve) => server.close(resolve)) }
}

describe('access log', () => {
  it('at info: a line per request, the path without its query string', async () => {
    const app = await appLoggingAt('info')
    try {
      expect(await app.get('/ok')).toBe(200)
      expect(await app.get('/broken')).toBe(500)
      await app.linesWritten(2)
      expect(app.lines.map((l) => [l.level, l.msg, (l.req as { path: string }).path])).toEqual([
        [30, 'request served', '/ok'],
        [50, 'request failed', '/broken'],
      ])
      expect(app.lines[0]).toMatchObject({ requestId: 'req-1', res: { statusCode: 200 } })
    } finally {
      await app.close()
    }
  })

  it('below info: nothing for answered requests, an error line for a 5xx and for one that got no answer', async () => {
    const app = await appLoggingAt('warn')
    try {
      expect(await app.get('/ok')).toBe(200)
      expect(await app.get('/broken')).toBe(500)
      expect(await app.get('/hang')).toBe(0)
      await app.linesWritten(2)
      expect(app.lines.map((l) => [l.level, l.msg, (l.req as { path: string }).path])).toEqual([
        [50, 'request failed', '/broken'],
        [50, 'request aborted', '/hang'],
      ])
      expect(app.lines[0]).toMatchObject({ requestId: 'req-1', res: { statusCode: 500 } })
      expect(JSON.stringify(app.lines)).not.toContain('secret')
    } finally {
      await app.close()
    }
  })
})
