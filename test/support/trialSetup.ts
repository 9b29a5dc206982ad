import crypto from 'node:crypto'
import { postGraphQL, type GraphQLResponse } from './graphqlClient'

/**
 * A trial set up from nothing through the gateway, as its people would: the study manager creates
 * a study (two arms 1:1, baseline with the pain diary, week 2, follow-up) and one site, opens both,
 * and invites a CRC for the site and a study-wide unblinded pharmacist; the pharmacist registers a
 * lot per arm at a depot, ships kits to the site and receives them. Shared by the end-to-end test
 * (e2e/studyLifecycle) and the enrollment benchmark (bench/enroll); every step must succeed.
 */
export interface TrialSetup {
  protocolId: string
  studyId: string
  siteId: string
  siteTimeZone: string
  /** Access tokens of the staff the study manager invited. */
  crc: string
  pharmacist: string
  criteria: { code: string; kind: 'INCLUSION' | 'EXCLUSION' }[]
}

export interface TrialOptions {
  /** Study manager's access token (an organisation-level study manager creates studies). */
  manager: string
  siteNumber?: string
  siteTimeZone?: string
  enrollmentCap: number
  enrollmentTarget?: number
  /** Kits shipped to the site per arm (a lot of this many per arm is registered first). */
  kitsPerArm: number
}

export const TRIAL_ARMS = ['ACT', 'PBO'] as const
const CRITERIA = [
  { code: 'IN-01', kind: 'INCLUSION', text: 'Adults with active disease.' },
  { code: 'EX-01', kind: 'EXCLUSION', text: 'Pregnancy.' },
] as const

/** A calendar day in a time zone, n days from today there. */
export const dayIn = (timeZone: string, n = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(Date.now() + n * 86_400_000))

const visit = (code: string, name: string, visitType: string, dayOffset: number, window: number, diary = false) => ({
  code,
  name,
  visitType,
  dayOffset,
  windowBeforeDays: window,
  windowAfterDays: window,
  formOids: [],
  questionnaireCodes: diary ? ['PAIN-DIARY'] : [],
})

export async function setUpTrial(gatewayUrl: string, options: TrialOptions): Promise<TrialSetup> {
  const run = crypto.randomBytes(3).toString('hex').toUpperCase()
  const protocolId = `LIFE-${run}`
  const siteTimeZone = options.siteTimeZone ?? 'Europe/Helsinki'
  const call = async (token: string, query: string, variables: Record<string, unknown> = {}) =>
    succeeded(await postGraphQL(gatewayUrl, query, variables, { authorization: `Bearer ${token}` }), query)
  const manage = (query: string, variables: Record<string, unknown>) => call(options.manager, query, variables)

  const { createStudy: study } = await manage(
    `mutation($input: CreateStudyInput!) { createStudy(input: $input) { id } }`,
    {
      input: {
        protocolId,
        title: 'A randomised, double-blind, placebo-controlled study run end to end',
        shortTitle: 'Lifecycle',
        phase: 'PHASE_2',
        sponsorName: 'Example Pharma',
        therapeuticArea: 'Rheumatology',
        enrollmentTarget: options.enrollmentTarget ?? Math.max(20, options.enrollmentCap),
        arms: [
          { code: 'ACT', name: 'Active 20 mg', allocationRatio: 1 },
          { code: 'PBO', name: 'Placebo', allocationRatio: 1 },
        ],
        visitSchedule: [
          visit('BL', 'Baseline', 'BASELINE', 0, 0, true),
          visit('W2', 'Week 2', 'TREATMENT', 14, 3),
          visit('FU', 'Follow-up', 'FOLLOW_UP', 28, 7),
        ],
        eligibilityCriteria: CRITERIA,
      },
    },
  )
  const { addSite: site } = await manage(`mutation($input: AddSiteInput!) { addSite(input: $input) { id } }`, {
    input: {
      studyId: study.id,
      siteNumber: options.siteNumber ?? '501',
      name: 'Lakeside Rheumatology',
      city: 'Tampere',
      country: 'FI',
      timeZone: siteTimeZone,
      enrollmentCap: options.enrollmentCap,
    },
  })
  await manage(`mutation($id: ID!) { activateSite(siteId: $id) { status } }`, { id: site.id })
  await manage(
    `mutation($id: ID!) { updateStudyStatus(studyId: $id, status: RECRUITING, reason: "First site open") { status } }`,
    { id: study.id },
  )

  /** Invites a person, grants the role (before they accept, so their first token carries it), signs them in. */
  const staffMember = async (role: string, siteId: string | null, name: string) => {
    const { inviteStaff } = await manage(
      `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { user { id } activationToken } }`,
      {
        input: {
          studyId: study.id,
          email: `${name}.${run}@lifecycle-site.example`.toLowerCase(),
          givenName: name,
          familyName: run,
        },
      },
    )
    await manage(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { id } }`, {
      input: { userId: inviteStaff.user.id, role, studyId: study.id, siteId, reason: 'staff of the new trial' },
    })
    const accepted = succeeded(
      await postGraphQL(
        gatewayUrl,
        `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken } }`,
        { t: inviteStaff.activationToken, p: `${name}-Lifecycle-2026!` },
      ),
      'acceptInvitation',
    )
    return accepted.acceptInvitation.accessToken as string
  }
  const crc = await staffMember('CRC', site.id, 'Coordinator')
  // Registering and shipping kits is study-wide supply work: the pharmacist's grant covers the study.
  const pharmacist = await staffMember('UNBLINDED_PHARMACIST', null, 'Pharmacist')

  // Inventory learns of the study and the site from studies' events: until it has, the site has no stock.
  await until(async () => {
    const body = await postGraphQL(
      gatewayUrl,
      `query($id: ID!) { site(id: $id) { stock { availableKits } } }`,
      {
        id: site.id,
      },
      { authorization: `Bearer ${pharmacist}` },
    )
    return body.body.data?.site?.stock != null
  }, 'inventory to learn of the new site')
  const { depots } = await call(pharmacist, `{ depots { id } }`)
  const depotId = depots[0].id as string
  for (const armCode of TRIAL_ARMS)
    await call(pharmacist, `mutation($input: RegisterKitLotInput!) { registerKitLot(input: $input) { id } }`, {
      input: {
        studyId: study.id,
        depotId,
        armCode,
        lotNumber: `${armCode}-${run}`,
        packagingLot: `PK-${run}`,
        expiresOn: dayIn(siteTimeZone, 365),
        kitCount: options.kitsPerArm,
      },
    })
  const { createShipment: shipment } = await call(
    pharmacist,
    `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { id } }`,
    {
      input: {
        studyId: study.id,
        depotId,
        siteId: site.id,
        quantities: TRIAL_ARMS.map((armCode) => ({ armCode, kits: options.kitsPerArm })),
      },
    },
  )
  await call(pharmacist, `mutation($id: ID!) { markShipmentShipped(shipmentId: $id) { status } }`, { id: shipment.id })
  await call(crc, `mutation($input: ReceiveShipmentInput!) { receiveShipment(input: $input) { status } }`, {
    input: { shipmentId: shipment.id },
  })
  return {
    protocolId,
    studyId: study.id,
    siteId: site.id,
    siteTimeZone,
    crc,
    pharmacist,
    criteria: CRITERIA.map(({ code, kind }) => ({ code, kind })),
  }
}

function succeeded(response: GraphQLResponse, what: string): Record<string, any> {
  if (response.body.errors?.length || !response.body.data)
    throw new Error(`trial set-up: ${what.slice(0, 80)} failed: ${JSON.stringify(response.body.errors)}`)
  return response.body.data
}

/** Waits (generously: the machine may be busy) for something the events will bring. */
async function until(ok: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 250)))
    if (await ok()) return
  throw new Error(`trial set-up: gave up waiting for ${what} after ${timeoutMs} ms`)
}
