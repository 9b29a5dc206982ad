import crypto from 'node:crypto'
import { assertionKey, signGatewayAssertion, GATEWAY_ASSERTION_HEADER } from '../../../../contracts/gatewayAssertion'
import { SERVICE_ASSERTION_HEADER, signServiceAssertion } from '../../../../contracts/serviceAssertion'
import { EVENT_FEED_HOLD_MS, EVENT_FEED_PATH, type EventFeedResponse } from '../../../../contracts/eventFeed'
import { TEST_AUTH_SECRET, identityWith } from '../../../../test/support/gatewayCredentials'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../../test/support/subgraphUnderTest'
import { eproSubgraph } from '../../subgraph'
import type { EproPrisma } from '../../data/prismaClient'
import type { EproBackground } from '../eproBackground'
import { topicName, write } from './outboxTestEvents'

// Embedded mode's /events route on a real epro server (docs/events.md): only another subgraph's
// service assertion opens it, a malformed query is a 400, and a poll with nothing new is held
// until the relay publishes. outboxFeed.pg.test.ts reads the feed with the consumer's bus.
jest.setTimeout(60_000)

const key = assertionKey(TEST_AUTH_SECRET)
let producer: SubgraphUnderTest<EproPrisma, EproBackground>
let feedUrl: string

beforeAll(async () => {
  producer = await startSubgraphUnderTest(eproSubgraph, undefined, { kafkaBrokers: undefined })
  feedUrl = producer.url.replace(/\/graphql$/, '')
})
afterAll(() => producer?.stop())

const relayNow = () => producer.background!.alerts.relay.kick()

describe('the feed route', () => {
  const get = (headers: Record<string, string>, query = 'topics=any.topic.v1&after=0') =>
    fetch(`${feedUrl}${EVENT_FEED_PATH}?${query}`, { headers })

  it.each([
    ['no assertion', async () => ({})],
    [
      "the gateway's assertion for a user",
      async () => ({ [GATEWAY_ASSERTION_HEADER]: await signGatewayAssertion(key, 'epro', identityWith()) }),
    ],
    [
      "the gateway's assertion in the service header",
      async () => ({ [SERVICE_ASSERTION_HEADER]: await signGatewayAssertion(key, 'epro', null) }),
    ],
    [
      'a service assertion signed with another key',
      async () => ({
        [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(
          assertionKey(crypto.randomBytes(32).toString('hex')),
          'patients',
          'epro',
        ),
      }),
    ],
    [
      'a service assertion for another subgraph',
      async () => ({ [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(key, 'patients', 'studies') }),
    ],
    ['garbage', async () => ({ [SERVICE_ASSERTION_HEADER]: 'not.a.jwt' })],
  ])('refuses %s with 401', async (_, headers) => {
    const response = await get(await headers())
    expect(response.status).toBe(401)
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    )
  })

  it("does not take a service assertion for the gateway's on /graphql", async () => {
    const response = await fetch(producer.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [GATEWAY_ASSERTION_HEADER]: await signServiceAssertion(key, 'patients', 'epro'),
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    })
    expect(response.status).toBe(401)
  })

  it('refuses a malformed query with 400', async () => {
    const headers = { [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(key, 'patients', 'epro') }
    expect((await get(headers, 'topics=a;b&after=0')).status).toBe(400)
    expect((await get(headers, 'topics=a.v1&after=-1')).status).toBe(400)
    expect((await get(headers, 'topics=a.v1&limit=100000')).status).toBe(400)
  })

  it('holds a request with nothing new and answers as soon as the relay publishes', async () => {
    const topic = topicName()
    const headers = { [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(key, 'patients', 'epro') }
    const started = Date.now()
    let answered = false
    const polling = get(headers, `topics=${topic}&after=0`).finally(() => (answered = true))
    // Nothing to answer: the request is held (it would answer only at the end of its hold, or when woken).
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(answered).toBe(false)
    const id = await write(producer.prisma, topic, 'k', 1)
    relayNow()
    const response = await polling
    expect(response.status).toBe(200)
    const body = (await response.json()) as EventFeedResponse
    expect(body.events.map((e) => [e.id, e.topic, e.type, e.payload])).toEqual([[id, topic, 'TestEvent', { n: 1 }]])
    expect(Date.now() - started).toBeLessThan(EVENT_FEED_HOLD_MS)
  })
})
