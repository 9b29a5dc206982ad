/**
 * The two media types of a GraphQL response over HTTP. Which one a client gets decides the status
 * of a request error (GraphQL over HTTP, "Body" and "Status Codes"): under application/json every
 * well-formed request is answered 200, under application/graphql-response+json a request error
 * is a 4xx.
 */
export const APPLICATION_JSON = 'application/json'
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json'
export type GraphQLResponseMediaType = typeof APPLICATION_JSON | typeof GRAPHQL_RESPONSE_JSON

// Apollo Server offers them in this order; an equal preference goes to the first, as it does there.
const OFFERED = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON] as const

interface MediaRange {
  type: string
  q: number
}

/**
 * The media type a response to this Accept header is sent as, or null if the client accepts
 * neither (Apollo Server then answers 406). No header at all is a legacy client: application/json.
 * Each type's quality comes from the most specific range that covers it (RFC 9110 §12.5.1: the
 * exact type, then `application/` with a wildcard, then the wildcard of all types); parameters
 * other than q are not compared.
 */
export function responseMediaType(accept: string | undefined): GraphQLResponseMediaType | null {
  if (accept === undefined || accept.trim() === '') return APPLICATION_JSON
  const ranges = accept.split(',').flatMap(parseRange)
  let chosen: GraphQLResponseMediaType | null = null
  let best = 0
  for (const type of OFFERED) {
    const q = qualityOf(type, ranges)
    if (q > best) [chosen, best] = [type, q]
  }
  return chosen
}

function parseRange(text: string): MediaRange[] {
  const [type, ...parameters] = text.split(';').map((part) => part.trim().toLowerCase())
  if (!type || !/^[^/\s]+\/[^/\s]+$/.test(type)) return []
  const qParameter = parameters.find((p) => /^q\s*=/.test(p))
  const q = qParameter === undefined ? 1 : Number(qParameter.replace(/^q\s*=\s*/, ''))
  // An unreadable quality makes the range count for nothing, as in Apollo Server's negotiator.
  return [{ type, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 }]
}

function qualityOf(type: string, ranges: readonly MediaRange[]): number {
  const family = `${type.split('/')[0]}/*`
  for (const candidate of [type, family, '*/*']) {
    const matching = ranges.filter((range) => range.type === candidate)
    if (matching.length > 0) return Math.max(...matching.map((range) => range.q))
  }
  return 0
}
