import type { GatewayGraphQLResponse, GatewayGraphQLRequest } from '@apollo/server-gateway-interface'
import { isMergeableEntityFetch, mergeEntityFetches, splitMergedResponse } from './mergedEntityFetch'
import { fetchesMerged } from './batchingMetrics'

/** How one fetch may be sent: its signal and the time it has (what the subgraph is told). */
export interface FetchBound {
  signal: AbortSignal
  limitMs: number
}

/** What a fetch is sent with: at least its request. */
interface FetchOptions {
  request: GatewayGraphQLRequest
}

/** Sends one request to the subgraph, within a bound if it has one (deadlines on). */
export type SendFetch<O extends FetchOptions> = (options: O, bound?: FetchBound) => Promise<GatewayGraphQLResponse>

interface Waiting<O> {
  options: O
  bound?: FetchBound
  resolve(response: GatewayGraphQLResponse): void
  reject(error: unknown): void
}

/**
 * Merges the entity fetches one client request sends to this subgraph at the same moment — the
 * sibling branches of a query plan's Parallel step, which @apollo/query-planner keeps apart (a
 * patient's study and its site are two fetches to studies) — into one HTTP request
 * (mergedEntityFetch.ts). A full view's ten fetches become seven.
 *
 * Fetches are gathered until the event loop's next check phase (setImmediate): the plan's
 * parallel branches are all started by then, since nothing between starting a branch and its
 * fetch waits on I/O. Each fetch keeps its own deadline: the merged request runs until the last
 * of them has given up, is told the longest time left, and a fetch whose own deadline fires stops
 * waiting for it. If the merged answer has no data (an error that nulls the whole response would
 * take the other fetches' entities with it), each fetch is sent again on its own, so one failing
 * fetch never costs the others their data.
 *
 * `key` tells the requests apart: fetches are merged only within one client request (its
 * context), never across callers.
 */
export class EntityFetchBatcher<O extends FetchOptions> {
  private readonly gathering = new WeakMap<object, Waiting<O>[]>()

  constructor(
    private readonly subgraph: string,
    private readonly send: SendFetch<O>,
  ) {}

  fetch(key: object | undefined, options: O, bound?: FetchBound): Promise<GatewayGraphQLResponse> {
    const query = options.request.query
    // No request to tell it by (a fetch of the gateway's own): sent as it is.
    if (!key || !query || !isMergeableEntityFetch(query)) return this.send(options, bound)
    return new Promise((resolveFetch, rejectFetch) => {
      // A fetch whose own deadline fires stops waiting, as a fetch of its own would.
      const onAbort = () => rejectFetch(bound!.signal.reason)
      bound?.signal.addEventListener('abort', onAbort, { once: true })
      const settled = () => bound?.signal.removeEventListener('abort', onAbort)
      const resolve = (response: GatewayGraphQLResponse) => (settled(), resolveFetch(response))
      const reject = (error: unknown) => (settled(), rejectFetch(error))
      let waiting = this.gathering.get(key)
      if (!waiting) {
        const batch: Waiting<O>[] = (waiting = [])
        this.gathering.set(key, batch)
        setImmediate(() => {
          this.gathering.delete(key)
          void this.flush(batch)
        })
      }
      waiting.push({ options, bound, resolve, reject })
    })
  }

  private async flush(batch: Waiting<O>[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch
      return this.send(only!.options, only!.bound).then(only!.resolve, only!.reject)
    }
    fetchesMerged.inc({ subgraph: this.subgraph }, batch.length)
    const merged = mergeEntityFetches(batch.map((w) => w.options.request.query!))
    // Deadlines are on for every fetch of the request or for none.
    const bounds = batch.flatMap((w) => (w.bound ? [w.bound] : []))
    const shared = bounds.length ? lastToGiveUp(bounds) : undefined
    try {
      // Sent as the first fetch's (same request, caller and subgraph; its trace carries the request).
      const request = {
        query: merged.query,
        variables: merged.variables(batch.map((w) => w.options.request.variables)),
      }
      const response = await this.send({ ...batch[0]!.options, request }, shared?.bound)
      if (response.data == null) {
        for (const w of batch) this.send(w.options, w.bound).then(w.resolve, w.reject)
        return
      }
      splitMergedResponse(response, batch.length).forEach((answer, i) => batch[i]!.resolve(answer))
    } catch (error) {
      for (const w of batch) w.reject(error)
    } finally {
      shared?.release()
    }
  }
}

/**
 * A bound for a request several fetches share: aborted only once every one of theirs is, with
 * the longest time any of them has.
 */
function lastToGiveUp(bounds: readonly FetchBound[]): { bound: FetchBound; release(): void } {
  const controller = new AbortController()
  let live = bounds.filter((b) => !b.signal.aborted).length
  const onAbort = () => {
    if (--live === 0) controller.abort(bounds[0]!.signal.reason)
  }
  for (const b of bounds) if (!b.signal.aborted) b.signal.addEventListener('abort', onAbort, { once: true })
  if (live === 0) controller.abort(bounds[0]!.signal.reason)
  return {
    bound: { signal: controller.signal, limitMs: Math.max(...bounds.map((b) => b.limitMs)) },
    release: () => {
      for (const b of bounds) b.signal.removeEventListener('abort', onAbort)
    },
  }
}
