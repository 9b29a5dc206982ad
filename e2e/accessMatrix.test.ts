import { postGraphQL, type GraphQLResponse } from '../test/support/graphqlClient'
import { gatewayHeaders } from '../test/support/gatewayCredentials'
import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import type { Identity } from '../contracts/identity'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { formIdOf } from '../subgraphs/edc/forms/formIdentity'
import { exportCredentialFor } from './support/exportCredential'
import { FEED_START, storedAlertCount } from './support/storedAlerts'
import { alertFeedOutcome } from './support/liveAlertFeed'
import { crcOfPatient } from '../test/support/demoAccounts'
import {
  DASHBOARD,
  DASHBOARD_AGGREGATES,
  ENTER_FORMS,
  ONC_101,
  ONC_102,
  PATIENTS,
  READ,
  READ_FORMS,
  RHE_101,
  ROLES,
  WATCH_ALERTS,
  WRITE_DIARY,
  data,
  onContactPath,
  onEdcPath,
  readsContacts,
  type Dashboard,
  type Role,
  type Target,
} from './support/accessExpectations'

// Who may see what, end to end: every role (a demo account each; the export reader an export job's
// credential for the data manager's session) × every operation in schema/operations/ and direct
// `_entities` calls × own site / other site / own patient / other patient / other study.
// Expectations are written out by hand (support/accessExpectations.ts, not derived from the policy
// code), and every cell is checked: an unexpected allow fails as loudly as an unexpected deny.
jest.setTimeout(300_000)

let supergraph: SupergraphUnderTest
/**
 * One stored alert at each watched site (ONC 101 and 102), so that a subscription to a site's feed
 * from the start (FEED_START) gets it as backlog: "allowed" is an alert received, a positive
 * signal, not the absence of a refusal for some time (a refusal that came late on a loaded machine
 * read as allowed). Raised in the background by pain-9 entries of patients no other test writes
 * for; the pipeline's first alert takes a while (epro's consumer joins its Kafka group), and the
 * feed tests, each role's last, wait for it. Never rejects: a failure is what it resolves to.
 */
let alertsStored: Promise<string[] | string>
beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
  const taken = Object.values(PATIENTS).map((p) => p.id)
  alertsStored = Promise.all(
    [ONC_101, ONC_102].map(async (s) => {
      const patient = data.patients.patients.find(
        (p) => p.siteId === s.id && p.enrollmentStatus === 'ENROLLED' && !taken.includes(p.id),
      )!
      const { body } = await supergraph.post(
        operation('SubmitEproEntry'),
        { input: diaryEntryInput(patient.id, 9) },
        { as: crcOfPatient(patient.id) },
      )
      if (body.errors) throw new Error(`the alerting entry was refused: ${JSON.stringify(body.errors)}`)
      return (await storedAlertCount(supergraph, s.id, 120_000)) > 0 ? 'stored' : 'no alert stored within 120 s'
    }),
  ).catch((error: unknown) => String(error))
})
afterAll(() => supergraph?.stop())

const roles = Object.keys(ROLES) as Role[]
const targets = Object.keys(PATIENTS) as Target[]
let exportCredential: Promise<string> | undefined
/** The role's access token: its demo account's, signed in through the gateway; the export reader's from the users context. */
const tokenOf = (role: Role) =>
  role === 'exportReader'
    ? (exportCredential ??= exportCredentialFor(supergraph, ROLES.exportReader, ONC_101.studyId))
    : supergraph.tokenFor(ROLES[role])
const as = async (role: Role, query: string, variables: Record<string, unknown>) =>
  postGraphQL(supergraph.gatewayUrl, query, variables, { authorization: `Bearer ${await tokenOf(role)}` })
const forbiddenErrors = (body: GraphQLResponse['body']) =>
  (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN')

describe.each(roles)('%s', (role) => {
  it.each(targets)('PatientFullView and PatientFullViewBySubjectNumber of the %s patient', async (target) => {
    const patient = PATIENTS[target]
    const allowed = READ[role][targets.indexOf(target)]
    for (const [name, variables] of [
      ['PatientFullView', { id: patient.id }],
      ['PatientFullViewBySubjectNumber', { subjectNumber: patient.subjectNumber }],
    ] as const) {
      const { body } = await as(role, operation(name), variables)
      const seen = Object.values(body.data ?? {})[0] as { subjectNumber: string } | null
      if (allowed) {
        const edcAllowed = READ_FORMS[role][targets.indexOf(target)]
        expect({
          name,
          seen: seen?.subjectNumber,
          forbidden: forbiddenErrors(body).filter((e) => !onEdcPath(e) && !onContactPath(e)),
          edcForbidden: forbiddenErrors(body).some(onEdcPath),
          contactsForbidden: forbiddenErrors(body).some(onContactPath),
        }).toEqual({
          name,
          seen: patient.subjectNumber,
          forbidden: [],
          edcForbidden: !edcAllowed,
          contactsForbidden: !readsContacts(role),
        })
      } else {
        expect({ name, seen: seen ?? null, code: body.errors?.[0]?.extensions?.code }).toEqual({
          name,
          seen: null,
          code: 'FORBIDDEN',
        })
      }
    }
  })

  it.each([
    ['ONC 101', ONC_101],
    ['ONC 102', ONC_102],
    ['RHE 101', RHE_101],
  ] as const)('SiteDashboard of %s', async (label, s) => {
    const expected = DASHBOARD[role][[ONC_101, ONC_102, RHE_101].indexOf(s)]
    const { body } = await as(role, operation('SiteDashboard'), { siteId: s.id, first: 10 })
    const got: Dashboard = !body.data?.site ? 'denied' : body.data.site.patients ? 'full' : 'site-only'
    expect({ label, got }).toEqual({ label, got: expected })
    const readable = body.data?.site
      ? [body.data.site.enrollment && 'counts', body.data.site.stock && 'stock'].filter(Boolean).join('+') || 'none'
      : null
    const aggregates = DASHBOARD_AGGREGATES[role][[ONC_101, ONC_102, RHE_101].indexOf(s)]
    expect({ label, aggregates: readable }).toEqual({ label, aggregates })
    if (expected === 'full') expect(forbiddenErrors(body)).toEqual([])
    else expect(forbiddenErrors(body).length).toBeGreaterThan(0)
  })

  it.each(targets)('FormEntry and SaveFormData of a Vital Signs form of the %s patient', async (target) => {
    const visit = data.patients.visits.find((v) => v.patientId === PATIENTS[target].id && v.visitType === 'BASELINE')!
    const formId = formIdOf(visit.id, 'F.VS')
    const read = await as(role, operation('FormEntry'), { id: formId })
    const mayRead = READ_FORMS[role][targets.indexOf(target)]
    expect({ target, seen: read.body.data?.form?.id ?? null, code: read.body.errors?.[0]?.extensions?.code }).toEqual(
      mayRead ? { target, seen: formId, code: undefined } : { target, seen: null, code: 'FORBIDDEN' },
    )
    // A stale version: whoever may enter data gets VERSION_CONFLICT (nothing changes), anyone else FORBIDDEN.
    const { body } = await as(role, operation('SaveFormData'), {
      input: { visitId: visit.id, formOid: 'F.VS', expectedVersion: 99, values: [] },
    })
    const mayEnter = ENTER_FORMS[role][targets.indexOf(target)]
    expect({ target, code: body.errors?.[0]?.extensions?.code }).toEqual({
      target,
      code: mayEnter ? 'VERSION_CONFLICT' : 'FORBIDDEN',
    })
  })

  it.each([
    ['ONC-3017', ONC_101.studyId],
    ['RHE-2204', RHE_101.studyId],
  ] as const)('PublishFormDefinition for %s', async (label, studyId) => {
    // An empty document: whoever may publish gets FORM_DEFINITION_INVALID (nothing changes), anyone else FORBIDDEN.
    const { body } = await as(role, operation('PublishFormDefinition'), {
      input: { studyId, definition: '{}', expectedVersion: 1, reasonForChange: 'access check' },
    })
    const mayPublish = role === 'dataManager' && label === 'ONC-3017'
    expect({ label, code: body.errors?.[0]?.extensions?.code }).toEqual({
      label,
      code: mayPublish ? 'FORM_DEFINITION_INVALID' : 'FORBIDDEN',
    })
  })

  it.each(['own', 'sameSite', 'otherSite'] as const)('SubmitEproEntry for the %s patient', async (target) => {
    const allowed = WRITE_DIARY[role][['own', 'sameSite', 'otherSite'].indexOf(target)]
    const { body } = await as(role, operation('SubmitEproEntry'), {
      input: diaryEntryInput(PATIENTS[target].id, 2),
    })
    // Allowed: recorded, or refused for a reason other than access (e.g. the day already has an entry).
    expect({ target, forbidden: forbiddenErrors(body).length > 0 }).toEqual({ target, forbidden: !allowed })
  })

  it.each([
    ['ONC 101', ONC_101],
    ['ONC 102', ONC_102],
  ] as const)('CrcAlertFeed of %s', async (label, s) => {
    const allowed = WATCH_ALERTS[role][[ONC_101, ONC_102].indexOf(s)]
    expect(await alertsStored).toEqual(['stored', 'stored'])
    // From the feed's start: an accepted subscription gets the site's stored alert at once.
    const outcome = await alertFeedOutcome(supergraph.gatewayUrl, () => tokenOf(role), [s.id], FEED_START)
    expect({
      label,
      outcome: outcome === 'FORBIDDEN' ? 'denied' : outcome === 'alert received' ? 'open' : outcome,
    }).toEqual({
      label,
      outcome: allowed ? 'open' : 'denied',
    })
  })

  it.each(targets)(
    'direct _entities calls (as the gateway would make them) for the %s patient, in patients, epro and labs',
    async (target) => {
      const allowed = READ[role][targets.indexOf(target)]
      const token = await tokenOf(role)
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        sub: string
        sid: string
        grants: Identity['grants']
      }
      const identity: Identity = { userId: claims.sub, sessionId: claims.sid, grants: claims.grants }
      for (const [name, fields] of [
        ['patients', 'subjectNumber'],
        ['epro', 'eproCompliance { percentage }'],
        ['labs', 'abnormalLabCount'],
      ] as const) {
        const url = `${supergraph.processes.subgraphs[name].spec.baseUrl}/graphql`
        const { body } = await postGraphQL(
          url,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id ${fields} } } }`,
          { r: [{ __typename: 'Patient', id: PATIENTS[target].id }] },
          await gatewayHeaders(name, identity),
        )
        const seen = body.data?._entities?.[0]?.id ?? null
        expect({ name, seen, code: body.errors?.[0]?.extensions?.code }).toEqual(
          allowed ? { name, seen: PATIENTS[target].id, code: undefined } : { name, seen: null, code: 'FORBIDDEN' },
        )
      }
    },
  )
})

// Enrollment counts (StudyEnrollmentSummary), [ONC-3017, RHE-2204]: 'all' = the study's counts and
// every site's; 'own-site' = its sites listed, counts of the caller's own site only; 'none' = the
// study described, no counts; 'denied' = not even the study. Aggregates, never a patient.
type Summary = 'all' | 'own-site' | 'none' | 'denied'
const ENROLLMENT_SUMMARY: [Role, Summary, Summary][] = [
  ['investigator', 'own-site', 'denied'],
  ['crc', 'own-site', 'denied'],
  ['dataManager', 'all', 'denied'],
  ['monitor', 'all', 'denied'],
  ['sponsor', 'all', 'denied'],
  ['patient', 'none', 'denied'],
  ['otherStudyCrc', 'denied', 'own-site'],
  ['studyManager', 'all', 'all'],
  ['pharmacist', 'none', 'denied'],
  ['exportReader', 'all', 'denied'],
]
const ownSiteOf: Partial<Record<Role, string>> = {
  investigator: ONC_101.id,
  crc: ONC_101.id,
  patient: ONC_101.id,
  otherStudyCrc: RHE_101.id,
}
const countsOf = (row: { slotsTaken: number; enrolledCount: number }, target: number) => ({
  target,
  enrolled: row.enrolledCount,
  inProgress: row.slotsTaken - row.enrolledCount,
  remaining: Math.max(0, target - row.slotsTaken),
})

it.each(ENROLLMENT_SUMMARY)(
  '%s reads StudyEnrollmentSummary of ONC-3017 (%s) and RHE-2204 (%s)',
  async (role, ...expected) => {
    for (const [i, protocolId] of ['ONC-3017', 'RHE-2204'].entries()) {
      const study = data.studies.studies.find((s) => s.protocolId === protocolId)!
      const { body } = await as(role, operation('StudyEnrollmentSummary'), { studyId: study.id })
      const got = body.data?.study as {
        enrollment: unknown
        sites: { id: string; enrollment: unknown }[]
      } | null
      const want = expected[i]!
      const sites = data.studies.sites.filter((s) => s.studyId === study.id)
      const siteCounts = (id: string) => {
        const s = sites.find((site) => site.id === id)!
        return countsOf(s, s.enrollmentTarget)
      }
      if (want === 'denied') {
        expect({ protocolId, got, code: body.errors?.[0]?.extensions?.code }).toEqual({
          protocolId,
          got: null,
          code: 'FORBIDDEN',
        })
      } else if (want === 'all') {
        expect({ protocolId, errors: body.errors }).toEqual({ protocolId, errors: undefined })
        expect(got!.enrollment).toEqual(countsOf(study, study.plannedEnrollment))
        expect(got!.sites).toHaveLength(sites.length)
        for (const site of got!.sites) expect(site.enrollment).toEqual(siteCounts(site.id))
      } else {
        expect(got!.enrollment).toBeNull()
        const own = ownSiteOf[role]!
        for (const site of got!.sites)
          expect({ site: site.id, enrollment: site.enrollment }).toEqual({
            site: site.id,
            enrollment: want === 'own-site' && site.id === own ? siteCounts(own) : null,
          })
        expect(forbiddenErrors(body).length).toBeGreaterThan(0)
      }
    }
  },
)
