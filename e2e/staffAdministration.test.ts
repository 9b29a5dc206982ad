import { decodeJwt } from 'jose'
import { liveAlertFeed } from './support/liveAlertFeed'
import { eventually } from '../test/support/eventually'
import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { postGraphQL } from '../test/support/graphqlClient'
import { crcAt, studyManager, unblindedPharmacistAt } from '../test/support/demoAccounts'
import { demoDataset } from '../demo-data'

// Staff administration end to end, through the gateway: a study manager invites a person and grants
// them a CRC role at a site; they accept the invitation (anonymous), are signed in and read their
// site. The manager revokes the role: the CRC's very next request with the old, unexpired token is
// refused (401, GRANTS_CHANGED), their live connection closes, and after a refresh the role is gone.
jest.setTimeout(180_000)

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const site = data.studies.sites.find((s) => s.studyId === study.id && s.siteNumber === '101')!
let supergraph: SupergraphUnderTest

beforeAll(async () => {
  // Versions asked of users are taken as current for a minute: a refusal within it can only come
  // from the revocation's own answer, which the gateway learned before answering it.
  supergraph = await startSupergraphUnderTest({
    account: studyManager(),
    gatewayEnv: { GATEWAY_GRANTS_FRESH_MS: '60000' },
  })
})
afterAll(() => supergraph?.stop())

const anonymous = (query: string, variables: Record<string, unknown>) =>
  postGraphQL(supergraph.gatewayUrl, query, variables)
const withToken = (token: string, query: string, variables: Record<string, unknown>) =>
  postGraphQL(supergraph.gatewayUrl, query, variables, { authorization: `Bearer ${token}` })

it('invite, grant, accept, read the site; revoke: the next request is refused, and after a refresh the role is gone', async () => {
  const invited = await supergraph.post(
    `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { user { id } activationToken } }`,
    { input: { studyId: study.id, email: 'new.crc@crestmoor-cancer.example', givenName: 'Noor', familyName: 'Hale' } },
  )
  expect(invited.body.errors).toBeUndefined()
  const { user, activationToken } = invited.body.data!.inviteStaff
  const granted = await supergraph.post(
    `mutation($input: GrantRoleInput!) { grantRole(input: $input) { id role site { id } } }`,
    { input: { userId: user.id, role: 'CRC', studyId: study.id, siteId: site.id, reason: 'new site coordinator' } },
  )
  expect(granted.body.errors).toBeUndefined()
  const assignmentId = granted.body.data!.grantRole.id as string

  const accepted = await anonymous(
    `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken refreshToken } }`,
    { t: activationToken, p: 'Noor-chose-this-2026' },
  )
  expect(accepted.body.errors).toBeUndefined()
  const { accessToken, refreshToken } = accepted.body.data!.acceptInvitation
  expect(decodeJwt(accessToken).grants).toEqual([{ role: 'CRC', studyId: study.id, siteId: site.id, patientId: null }])

  const dashboard = await withToken(accessToken, operation('SiteDashboard'), { siteId: site.id, first: 5 })
  expect(dashboard.body.errors).toBeUndefined()
  expect(dashboard.body.data!.site.patients.totalCount).toBeGreaterThan(0)
  const feed = liveAlertFeed(supergraph.gatewayUrl, accessToken, [site.id])
  expect(await eventually(feed.acknowledged, Boolean, 30_000)).toBe(true)

  const revoked = await supergraph.post(
    `mutation($id: ID!, $r: String!) { revokeRole(roleAssignmentId: $id, reason: $r) { id revokedAt } }`,
    { id: assignmentId, r: 'moved to another study' },
  )
  expect(revoked.body.errors).toBeUndefined()

  // The very next request, with the token that is still unexpired:
  const refused = await withToken(accessToken, operation('SiteDashboard'), { siteId: site.id, first: 5 })
  expect(refused.status).toBe(401)
  expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'GRANTS_CHANGED' })
  expect(await eventually(feed.closed, Boolean, 30_000)).toMatchObject({
    code: 4403,
    reason: expect.stringMatching(/roles changed/),
  })
  feed.dispose()

  const refreshed = await anonymous(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`, {
    r: refreshToken,
  })
  expect(refreshed.body.errors).toBeUndefined()
  const fresh = refreshed.body.data!.refreshSession.accessToken as string
  expect(decodeJwt(fresh).grants).toEqual([])
  const after = await withToken(fresh, operation('SiteDashboard'), { siteId: site.id, first: 5 })
  expect(after.status).toBe(200)
  expect(after.body.data?.site ?? null).toBeNull()
  expect(after.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
})

it.each([
  ['a CRC of the site', () => crcAt(site.id)],
  ['its unblinded pharmacist', () => unblindedPharmacistAt(site.id)],
])('refuses staff administration to %s', async (_who, account) => {
  const { body } = await supergraph.post(
    `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { activationToken } }`,
    { input: { studyId: study.id, email: 'someone@example.org', givenName: 'Some', familyName: 'One' } },
    { as: account() },
  )
  expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  expect(body.data).toBeNull()
})
