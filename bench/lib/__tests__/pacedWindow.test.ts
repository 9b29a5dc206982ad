import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pacedWindow, type PacedAnswer } from '../pacedWindow'

/**
 * The open loop's promises, none of them about how fast this machine is: every due request is
 * sent even while earlier ones are unanswered, bodies and answers pair up, and a request's latency
 * counts from when it was due, never from when a socket freed up.
 */
describe('pacedWindow', () => {
  let server: http.Server
  let url: string
  let inFlight = 0
  let mostInFlight = 0
  let release: (() => void)[] = []

  beforeAll(async () => {
    // Holds every request until released, so answers cannot pace the sender.
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (c: Buffer) => chunks.push(c))
      request.on('end', () => {
        inFlight += 1
        mostInFlight = Math.max(mostInFlight, inFlight)
        release.push(() => {
          inFlight -= 1
          response.end(Buffer.concat(chunks))
        })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it('sends every due request without waiting for answers, and echoes pair with what was sent', async () => {
    const answers: PacedAnswer[] = []
    let n = 0
    const seen = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (inFlight < 20) return
        clearInterval(poll)
        for (const r of release) r()
        release = []
        resolve()
      }, 5)
    })
    const run = pacedWindow({
      url,
      rate: 100,
      seconds: 0.2,
      connections: 50,
      next: () => ({ headers: { 'x-n': String(n) }, body: JSON.stringify({ n: n++ }) }),
      answered: (answer) => answers.push(answer),
    })
    await seen
    await run
    expect(n).toBe(20)
    expect(mostInFlight).toBe(20)
    expect(answers.map((a) => JSON.parse(a.body).n).sort((a, b) => a - b)).toEqual([...Array(20).keys()])
    expect(answers.every((a) => a.status === 200)).toBe(true)
    // 50 sockets for 20 requests: none waited for one.
    expect(answers.some((a) => a.queued)).toBe(false)
    expect(answers.every((a) => a.lateMs >= 0)).toBe(true)
  })

  it('counts the wait for a socket as latency (one socket, answers held)', async () => {
    const answers: PacedAnswer[] = []
    const held = 150
    const run = pacedWindow({
      url,
      rate: 100,
      seconds: 0.03,
      connections: 1,
      next: () => ({ headers: {}, body: '{}' }),
      answered: (answer) => answers.push(answer),
    })
    // Answer each request `held` ms after it arrives: the third, due 20 ms in, waits for two.
    const releaser = setInterval(() => {
      const r = release.shift()
      if (r) setTimeout(r, held)
    }, 1)
    await run
    clearInterval(releaser)
    expect(answers).toHaveLength(3)
    // It cannot be answered before both earlier answers, each held ≥ 150 ms.
    expect(Math.max(...answers.map((a) => a.ms))).toBeGreaterThanOrEqual(2 * held - 20)
    // The first found the socket free; the other two were sent while it was taken.
    expect(answers.filter((a) => a.queued)).toHaveLength(2)
  })
})
