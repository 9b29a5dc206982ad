import http from 'node:http'
import type { ReplayNode } from './loadSpec'

/**
 * The floor's client: for each request, the recorded subgraph fetches in the plan's order
 * (Sequence one after another, Parallel at once), straight to the subgraphs over keep-alive
 * connections. What it does not do is everything a gateway adds: parsing, validation, planning,
 * merging entity results, serialising the response.
 */
export interface ReplayOutcome {
  ok: boolean
  graphqlErrors: boolean
}

export function planReplayer(headersFor: (subgraph: string) => Record<string, string>) {
  // One pool for all subgraphs: as many sockets as are needed in flight, kept open between requests.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })

  function post(node: Extract<ReplayNode, { kind: 'Fetch' }>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        node.url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headersFor(node.subgraph) } },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (c: Buffer) => chunks.push(c))
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          )
          response.on('error', reject)
        },
      )
      request.on('error', reject)
      request.end(node.body)
    })
  }

  async function run(node: ReplayNode, outcome: ReplayOutcome): Promise<void> {
    if (node.kind === 'Fetch') {
      const { status, body } = await post(node)
      if (status !== 200) outcome.ok = false
      if (body.includes('"errors"')) outcome.graphqlErrors = true
    } else if (node.kind === 'Sequence') for (const child of node.nodes) await run(child, outcome)
    else await Promise.all(node.nodes.map((child) => run(child, outcome)))
  }

  return {
    async replay(plan: ReplayNode): Promise<ReplayOutcome> {
      const outcome = { ok: true, graphqlErrors: false }
      try {
        await run(plan, outcome)
      } catch {
        outcome.ok = false
      }
      return outcome
    },
    close: () => agent.destroy(),
  }
}

/** A plan's fetches, in plan order. */
export function fetchesOf(node: ReplayNode): Extract<ReplayNode, { kind: 'Fetch' }>[] {
  return node.kind === 'Fetch' ? [node] : node.nodes.flatMap(fetchesOf)
}
