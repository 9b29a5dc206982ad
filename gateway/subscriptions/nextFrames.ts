import type { ExecutionResult } from 'graphql'

/**
 * graphql-ws "next" messages built from one serialisation per event. A thousand subscribers of a
 * shared stream differ only in their subscription id, so the result is stringified and encoded
 * once and each frame is the subscriber's id prefix followed by those bytes.
 */

/** Everything of a "next" message after its id: `,"type":"next","payload":<result>}`. */
export function serialisedNext(result: ExecutionResult): Buffer {
  // A GraphQLError serialises through its toJSON, as graphql-ws does for errors.
  return Buffer.from(`,"type":"next","payload":${JSON.stringify(result)}}`)
}

/** A message's start for one subscription: `{"id":"<id>"`. */
export function messagePrefix(subscriptionId: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(subscriptionId)}`)
}

/** One subscriber's frame: its prefix and the shared rest, in one buffer (one write). */
export function nextFrame(prefix: Buffer, serialised: Buffer): Buffer {
  return Buffer.concat([prefix, serialised], prefix.length + serialised.length)
}
