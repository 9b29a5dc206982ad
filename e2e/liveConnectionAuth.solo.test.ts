import { liveAlertFeed } from './support/liveAlertFeed'
import { dataManagerOf } from '../test/support/demoAccounts'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { postGraphQL } from '../test/support/graphqlClient'
import { demoDataset } from '../demo-data'

// A live graphql-ws connection lasts no longer than what authorised it: it is closed (4403) when
// its access token expires, and within seconds of its session ending (signed out, or revoked when
// a used refresh token came back); a token of an ended session opens no new connection.
jest.setTimeout(180_000)

// Long enough that the second test (sign-in, connect, sign-out, close, a new connection) is over
// well before its token expires even on a loaded machine: a refusal there is the ended session's.
const TOKEN_TTL_SECONDS = 60
/** Waits for a connection to be acknowledged or closed: they end a hung wait, not time anything. */
const CONNECTION_WAIT_MS = 30_000
/** The gateway asks the users subgraph about live sessions this often here (production: 5 s). */
const SESSION_CHECK_MS = 1000
const study = demoDataset().studies.studies[0]!
const siteIds = demoDataset()
  .studies.sites.filter((s) => s.studyId === study.id)
  .map((s) => s.id)
const account = dataManagerOf(study.id)
let supergraph: SupergraphUnderTest

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({
    account,
    subgraphEnv: { users: { AUTH_ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) } },
    gatewayEnv: { GATEWAY_SESSION_CHECK_INTERVAL_MS: String(SESSION_CHECK_MS) },
  })
})
afterAll(() => supergraph?.stop())

interface Session {
  accessToken: string
  accessTokenExpiresAt: string
  refreshToken: string
}
const SESSION_FIELDS = 'accessToken accessTokenExpiresAt refreshToken'
async function gateway(query: string, variables: Record<string, unknown>, token?: string) {
  return postGraphQL(supergraph.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {})
}
async function signIn(): Promise<Session> {
  const { body } = await gateway(
    `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { ${SESSION_FIELDS} } }`,
    {
      e: account,
      p: process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    },
  )
  return body.data!.signIn as Session
}

const liveFeed = (accessToken: string) => liveAlertFeed(supergraph.gatewayUrl, accessToken, siteIds)

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = probe()
    if (value !== undefined) return value
  }
  return probe()
}

it('closes the connection (4403) when its access token expires', async () => {
  const session = await signIn()
  const expiresAt = Date.parse(session.accessTokenExpiresAt)
  const feed = liveFeed(session.accessToken)
  expect(await until(() => (feed.acknowledged() ? true : undefined), CONNECTION_WAIT_MS)).toBe(true)
  const closed = await until(feed.closed, expiresAt - Date.now() + 40_000)
  feed.dispose()
  expect(closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/token expired/) })
  const secondsAfterExpiry = (closed!.at - expiresAt) / 1000
  console.log(`token expired → connection closed after ${secondsAfterExpiry.toFixed(1)} s (clock tolerance 5 s)`)
  // Not before the token expired, and at its expiry (+ the 5 s clock tolerance), with room for a
  // loaded machine: nothing else closes a connection whose session is live, so without the expiry
  // it would stay open; half a token's life after expiry is still far from "whenever".
  expect(secondsAfterExpiry).toBeGreaterThanOrEqual(0)
  expect(secondsAfterExpiry).toBeLessThan(TOKEN_TTL_SECONDS / 2)
})

it('closes a signed-out session’s connection within seconds, and refuses its token a new one', async () => {
  const session = await signIn()
  const feed = liveFeed(session.accessToken)
  expect(await until(() => (feed.acknowledged() ? true : undefined), CONNECTION_WAIT_MS)).toBe(true)
  const { body } = await gateway(
    'mutation($r: String!) { signOut(refreshToken: $r) }',
    { r: session.refreshToken },
    session.accessToken,
  )
  expect(body.data).toEqual({ signOut: true })
  // From the sign-out's answer: the session has ended by then (the round trip itself is not timed).
  const signedOut = Date.now()
  const closed = await until(feed.closed, 30_000)
  feed.dispose()
  expect(closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/session ended/) })
  console.log(
    `signed out → connection closed after ${((closed!.at - signedOut) / 1000).toFixed(1)} s (check every ${SESSION_CHECK_MS} ms)`,
  )
  // Within a few session checks, with room for a loaded machine; still a third of the token's life:
  // closed for the ended session (the reason says so), long before the token would end it.
  expect(closed!.at - signedOut).toBeLessThan(SESSION_CHECK_MS + 20_000)
  // The access token is still unexpired, but its session is over: no new connection.
  const again = liveFeed(session.accessToken)
  expect(await until(again.closed, CONNECTION_WAIT_MS)).toMatchObject({ code: 4403 })
  expect(again.acknowledged()).toBe(false)
  again.dispose()
})

it('closes the connection of a session revoked because a used refresh token came back', async () => {
  const session = await signIn()
  const feed = liveFeed(session.accessToken)
  expect(await until(() => (feed.acknowledged() ? true : undefined), CONNECTION_WAIT_MS)).toBe(true)
  const refresh = `mutation($r: String!) { refreshSession(refreshToken: $r) { ${SESSION_FIELDS} } }`
  const rotated = await gateway(refresh, { r: session.refreshToken })
  expect(rotated.body.errors).toBeUndefined()
  const reused = await gateway(refresh, { r: session.refreshToken }) // copied: the session is revoked
  expect(reused.body.errors?.[0]?.extensions?.code).toBe('INVALID_REFRESH_TOKEN')
  const revoked = Date.now()
  const closed = await until(feed.closed, 30_000)
  feed.dispose()
  expect(closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/session ended/) })
  console.log(`refresh token reused → connection closed after ${((closed!.at - revoked) / 1000).toFixed(1)} s`)
})
