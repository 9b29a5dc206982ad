import http from 'node:http'

/**
 * Polls a server's /ready on a new connection each time and keeps the answers in order: "200
 * ready", "503 draining"..., or "closed" once the listener has closed (refused, or reset by the
 * closing listener when the probe connected at that very moment). Shows what a load balancer saw
 * while the server went down.
 */
export function watchReadiness(baseUrl: string, everyMs = 50) {
  const seen: string[] = []
  let stopped = false
  const polling = (async () => {
    while (!stopped) {
      const answer = await probe(`${baseUrl}/ready`)
      if (seen.at(-1) !== answer) seen.push(answer)
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  })()
  return {
    /**
     * The distinct answers the server gave, in the order they came (repeats collapsed). A probe that
     * got no answer for another reason than a closed listener ("error …": timed out on a loaded
     * machine) says nothing about the server's state and is left out; "closed" is kept.
     */
    answers: () => seen.filter((answer) => !answer.startsWith('error ')).filter((a, i, all) => a !== all[i - 1]),
    /** Every distinct answer, failed probes included (for the log). */
    everyAnswer: () => [...seen],
    async stop() {
      stopped = true
      await polling
    },
  }
}

function probe(url: string): Promise<string> {
  return new Promise((resolve) => {
    // No agent: a fresh connection each time, as a load balancer's health check makes.
    // Generous: a busy server (or machine) can be slow to answer, and a timed-out probe is no answer.
    const request = http.get(url, { agent: false, timeout: 10_000 }, (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => {
        let status = ''
        try {
          status = (JSON.parse(body) as { status?: string }).status ?? ''
        } catch {
          // not JSON: the status code says enough
        }
        resolve(`${response.statusCode} ${status}`.trim())
      })
    })
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET'
          ? 'closed'
          : `error ${error.code ?? error.message}`,
      ),
    )
  })
}
