import { responseMediaType } from '../responseMediaType'

const JSON_TYPE = 'application/json'
const GRAPHQL_RESPONSE = 'application/graphql-response+json'

describe('the media type a GraphQL response is sent as', () => {
  it.each<[string | undefined, string | null]>([
    // No preference stated: a legacy client, application/json (GraphQL over HTTP, "Legacy watershed").
    [undefined, JSON_TYPE],
    ['', JSON_TYPE],
    ['*/*', JSON_TYPE], // what fetch sends by default
    ['application/*', JSON_TYPE],
    [JSON_TYPE, JSON_TYPE],
    ['application/json; charset=utf-8', JSON_TYPE],
    [GRAPHQL_RESPONSE, GRAPHQL_RESPONSE],
    ['Application/GraphQL-Response+JSON', GRAPHQL_RESPONSE],
    // What the spec advises clients to send: both, preferring the new one.
    [`${GRAPHQL_RESPONSE}, ${JSON_TYPE};q=0.9`, GRAPHQL_RESPONSE],
    [`${JSON_TYPE};q=0.9, ${GRAPHQL_RESPONSE}`, GRAPHQL_RESPONSE],
    [`${GRAPHQL_RESPONSE};q=0.5, ${JSON_TYPE}`, JSON_TYPE],
    [`${GRAPHQL_RESPONSE}, */*;q=0.1`, GRAPHQL_RESPONSE],
    [`${JSON_TYPE}, ${GRAPHQL_RESPONSE}`, JSON_TYPE], // equal preference: application/json, as Apollo Server
    // The most specific range decides, not the first or the highest.
    [`${GRAPHQL_RESPONSE};q=0, */*`, JSON_TYPE],
    [`application/*;q=0.2, ${GRAPHQL_RESPONSE};q=0.8`, GRAPHQL_RESPONSE],
    // Neither acceptable: Apollo Server answers 406.
    ['text/html', null],
    [`${JSON_TYPE};q=0, ${GRAPHQL_RESPONSE};q=0`, null],
    ['garbage', null],
  ])('Accept: %p → %p', (accept, type) => {
    expect(responseMediaType(accept)).toBe(type)
  })

  it('counts a range with an unreadable quality for nothing, and clamps qualities to 0..1', () => {
    expect(responseMediaType(`${JSON_TYPE};q=abc, ${GRAPHQL_RESPONSE};q=0.9`)).toBe(GRAPHQL_RESPONSE)
    expect(responseMediaType(`${JSON_TYPE};q=0.9, ${GRAPHQL_RESPONSE};q=7`)).toBe(GRAPHQL_RESPONSE)
  })
})
