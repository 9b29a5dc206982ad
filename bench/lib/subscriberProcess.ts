import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'

/**
 * Runs in its own process (forked by alertSubscribers.ts): opens `count` graphql-ws connections,
 * one subscription each, and notes when each alert frame arrives (wall clock, so the parent can
 * compare with when a submission was accepted). Several of these share the load of 10,000
 * sockets, so a frame is not late because one event loop is busy parsing the other 9,999.
 */
export interface SubscriberOrders {
  url: string
  authorization: string
  query: string
  variables: Record<string, unknown>
  count: number
}

export type ToSubscribers = { kind: 'finish'; accepted: Record<string, number> }
export type FromSubscribers =
  | { kind: 'connected'; count: number }
  | { kind: 'frames'; count: number }
  | { kind: 'latencies'; latencies: number[]; spreads: number[]; frames: number; errors: number }

const arrivals = new Map<string, number[]>()
const clients: Client[] = []
let errors = 0
let frames = 0
const send = (message: FromSubscribers) => process.send!(message)

async function open(orders: SubscriberOrders) {
  // In batches: ten thousand simultaneous upgrade requests measure the accept queue, not the gateway.
  for (let i = 0; i < orders.count; i += 100) {
    const batch = Array.from({ length: Math.min(100, orders.count - i) }, () => {
      return new Promise<void>((resolve) => {
        const client = createClient({
          url: orders.url,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          connectionParams: { authorization: orders.authorization },
          on: { connected: () => resolve() },
        })
        clients.push(client)
        client.subscribe(
          { query: orders.query, variables: orders.variables },
          {
            next: (frame) => {
              const at = performance.timeOrigin + performance.now()
              const id = (frame.data as { adverseEventAlerts?: { submission?: { id: string } } } | null)
                ?.adverseEventAlerts?.submission?.id
              if (!id) return
              frames += 1
              const times = arrivals.get(id)
              if (times) times.push(at)
              else arrivals.set(id, [at])
            },
            error: () => {
              errors += 1
              resolve()
            },
            complete: () => {},
          },
        )
      })
    })
    await Promise.all(batch)
    send({ kind: 'connected', count: Math.min(i + 100, orders.count) })
  }
}

process.on('message', (message: ToSubscribers) => {
  if (message.kind !== 'finish') return
  const latencies: number[] = []
  // How long after this process's first frame of an alert each other frame of it arrived: the
  // fan-out (the gateway writing a thousand sockets, this process reading them), not the pipeline.
  const spreads: number[] = []
  for (const [id, times] of arrivals) {
    const accepted = message.accepted[id]
    if (accepted === undefined) continue
    const first = times[0]! // arrivals are noted in order
    for (const t of times) {
      latencies.push(t - accepted)
      spreads.push(t - first)
    }
  }
  // Exit only once the answer has left: a megabyte of latencies takes more than one pipe write.
  process.send!({ kind: 'latencies', latencies, spreads, frames, errors } satisfies FromSubscribers, () => {
    void Promise.all(clients.map((c) => c.dispose())).finally(() => process.exit(0))
  })
})

setInterval(() => send({ kind: 'frames', count: frames }), 500).unref()
void open(JSON.parse(process.env.SUBSCRIBER_ORDERS!) as SubscriberOrders)
