import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import type { Identity } from '../../../contracts/identity'
import type { StudiesPrisma } from '../data/prismaClient'
import { studiesSubgraph } from '../subgraph'
import { CARD, ONC, newSite, seedStudiesFixture, siteId, studyDefinition } from './studiesFixture'

let subgraph: SubgraphUnderTest<StudiesPrisma>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(studiesSubgraph, seedStudiesFixture)
})
afterAll(() => subgraph?.stop())

const organisationManager = identityWith({ role: 'STUDY_MANAGER', studyId: null })
const oncManager = identityWith({ role: 'STUDY_MANAGER', studyId: ONC })
const cardManager = identityWith({ role: 'STUDY_MANAGER', studyId: CARD })
const crc = identityWith({ role: 'CRC', studyId: ONC, siteId: siteId(1) })
const sponsor = identityWith({ role: 'SPONSOR', studyId: ONC })

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] }
const as = async (identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Body> =>
  (await subgraph.post(query, variables, {}, identity)).body as Body
const codeOf = (body: Body) => body.errors?.[0]?.extensions?.code
const trail = (entityId: string) =>
  subgraph.prisma.auditEvent.findMany({ where: { entityId }, orderBy: { sequence: 'asc' } })

const CREATE = `mutation($input: CreateStudyInput!) { createStudy(input: $input) {
  id protocolId status plannedEnrollment sites { id }
  arms { code name allocationRatio }
  visitSchedule { code visitType dayOffset windowBeforeDays windowAfterDays formOids questionnaireCodes }
  eligibilityCriteria { code kind text }
  enrollment { target enrolled inProgress remaining } } }`
const STATUS = `mutation($id: ID!, $status: StudyStatus!, $reason: String!) {
  updateStudyStatus(studyId: $id, status: $status, reason: $reason) { id status } }`
const ADD_SITE = `mutation($input: AddSiteInput!) { addSite(input: $input) {
  id siteNumber status activatedAt enrollmentCap enrollmentTarget enrollment { target enrolled inProgress remaining } } }`
const ACTIVATE = `mutation($id: ID!) { activateSite(siteId: $id) { id status activatedAt } }`
const CAP = `mutation($id: ID!, $cap: Int!, $reason: String!) {
  setSiteEnrollmentCap(siteId: $id, cap: $cap, reason: $reason) { id enrollmentCap } }`
const ENROLLMENT = `query($id: ID!) { study(id: $id) { enrollment { target enrolled inProgress remaining }
  sites { siteNumber enrollmentCap enrollment { target enrolled inProgress remaining } } } }`

let protocols = 0
const definition = (overrides: Record<string, unknown> = {}) => studyDefinition(`SET-${++protocols}`, overrides)

describe('createStudy', () => {
  it('creates a study NOT_YET_RECRUITING with its design, audited whole', async () => {
    const input = definition()
    const body = await as(organisationManager, CREATE, { input })
    expect(body.errors).toBeUndefined()
    const study = body.data!.createStudy
    expect(study).toMatchObject({
      protocolId: input.protocolId,
      status: 'NOT_YET_RECRUITING',
      plannedEnrollment: 40,
      sites: [],
      arms: input.arms,
      eligibilityCriteria: input.eligibilityCriteria,
      enrollment: { target: 40, enrolled: 0, inProgress: 0, remaining: 40 },
    })
    expect(study.visitSchedule).toEqual(input.visitSchedule.map(({ name: _name, ...visit }) => visit))
    const rows = await trail(study.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ operation: 'CREATE', entityType: 'Study', actorUserId: organisationManager.userId })
    expect(rows[0]!.newValue).toMatchObject({
      protocolId: input.protocolId,
      arms: [{ code: 'ACTIVE' }, { code: 'PBO' }],
    })
    // An organisation-level study manager holds no study, and still lists every one.
    const listed = await as(organisationManager, `{ studies { protocolId } }`)
    expect(listed.data!.studies.map((s: { protocolId: string }) => s.protocolId)).toContain(input.protocolId)
  })

  it('refuses a definition whole, every problem named, nothing stored', async () => {
    const input = definition({
      enrollmentTarget: 0,
      arms: [
        { code: 'A', name: 'Active', allocationRatio: 0 },
        { code: 'A', name: 'Placebo', allocationRatio: 1 },
      ],
      visitSchedule: [
        {
          code: 'W4',
          name: 'Week 4',
          visitType: 'TREATMENT',
          dayOffset: 28,
          windowBeforeDays: -1,
          windowAfterDays: 3,
          formOids: [],
          questionnaireCodes: [],
        },
      ],
      eligibilityCriteria: [{ code: 'EX-01', kind: 'EXCLUSION', text: 'Pregnant.' }],
    })
    const body = await as(organisationManager, CREATE, { input })
    expect(codeOf(body)).toBe('STUDY_DEFINITION_INVALID')
    expect(body.errors![0]!.extensions!.problems).toEqual([
      'enrollmentTarget must be at least 1 (got 0)',
      'Arm A is used more than once',
      'Arm A: allocationRatio must be at least 1 (got 0)',
      'visitSchedule: exactly one BASELINE visit is needed (got 0)',
      'Visit W4: windowBeforeDays must be between 0 and 365 (got -1)',
      'eligibilityCriteria: at least one INCLUSION criterion is needed',
    ])
    expect(await subgraph.prisma.study.count({ where: { protocolId: input.protocolId } })).toBe(0)
  })

  it('refuses a baseline that is not day 0, and two baselines', async () => {
    const [baseline, week4] = definition().visitSchedule
    const late = await as(organisationManager, CREATE, {
      input: definition({ visitSchedule: [{ ...baseline, dayOffset: 1 }, week4] }),
    })
    expect(late.errors![0]!.extensions!.problems).toEqual([
      'Visit BASELINE: the BASELINE visit is day 0, the enrollment day (got dayOffset 1)',
    ])
    const twice = await as(organisationManager, CREATE, {
      input: definition({ visitSchedule: [baseline, { ...week4, visitType: 'BASELINE' }] }),
    })
    expect(twice.errors![0]!.extensions!.problems).toEqual([
      'visitSchedule: exactly one BASELINE visit is needed (got 2)',
      'Visit W4: the BASELINE visit is day 0, the enrollment day (got dayOffset 28)',
    ])
  })

  it('refuses a protocol id already taken (PROTOCOL_ID_TAKEN), whatever its case', async () => {
    const body = await as(organisationManager, CREATE, { input: definition({ protocolId: 'onc-3017' }) })
    expect(codeOf(body)).toBe('PROTOCOL_ID_TAKEN')
  })

  it.each([
    ['a study-level study manager', oncManager],
    ['a CRC', crc],
    ['a sponsor', sponsor],
  ])('refuses %s (FORBIDDEN), nothing stored', async (_who, identity) => {
    const input = definition()
    expect(codeOf(await as(identity, CREATE, { input }))).toBe('FORBIDDEN')
    expect(await subgraph.prisma.study.count({ where: { protocolId: input.protocolId } })).toBe(0)
  })
})

describe('study status and sites', () => {
  let studyId: string
  beforeAll(async () => {
    studyId = (await as(organisationManager, CREATE, { input: definition() })).data!.createStudy.id
  })
  const managerOfIt = () => identityWith({ role: 'STUDY_MANAGER', studyId })

  it('changes the status with its reason, audited; the same status again changes nothing', async () => {
    const variables = { id: studyId, status: 'RECRUITING', reason: 'First site ready.' }
    const body = await as(managerOfIt(), STATUS, variables)
    expect(body.data!.updateStudyStatus).toEqual({ id: studyId, status: 'RECRUITING' })
    expect((await as(managerOfIt(), STATUS, variables)).errors).toBeUndefined()
    const updates = (await trail(studyId)).filter((e) => e.operation === 'UPDATE')
    expect(updates).toEqual([
      expect.objectContaining({
        field: 'status',
        oldValue: 'NOT_YET_RECRUITING',
        newValue: 'RECRUITING',
        reasonForChange: 'First site ready.',
      }),
    ])
  })

  it('refuses a change out of a final status and WITHDRAWN once recruiting', async () => {
    const withdrawn = await as(managerOfIt(), STATUS, { id: studyId, status: 'WITHDRAWN', reason: 'x' })
    expect(codeOf(withdrawn)).toBe('STUDY_TRANSITION_NOT_ALLOWED')
    const other = (await as(organisationManager, CREATE, { input: definition() })).data!.createStudy.id
    await as(organisationManager, STATUS, { id: other, status: 'WITHDRAWN', reason: 'Sponsor decision.' })
    const back = await as(organisationManager, STATUS, { id: other, status: 'RECRUITING', reason: 'x' })
    expect(codeOf(back)).toBe('STUDY_TRANSITION_NOT_ALLOWED')
  })

  it('requires a reason for a status change', async () => {
    const body = await as(managerOfIt(), STATUS, { id: studyId, status: 'SUSPENDED', reason: '  ' })
    expect(codeOf(body)).toBe('BAD_USER_INPUT')
  })

  it('adds a site PENDING_ACTIVATION, activates it, and caps it, each audited', async () => {
    const added = await as(managerOfIt(), ADD_SITE, { input: newSite(studyId, '301', 5) })
    expect(added.errors).toBeUndefined()
    const site = added.data!.addSite
    expect(site).toMatchObject({
      siteNumber: '301',
      status: 'PENDING_ACTIVATION',
      activatedAt: null,
      enrollmentCap: 5,
      enrollmentTarget: 5,
      enrollment: { target: 5, enrolled: 0, inProgress: 0, remaining: 5 },
    })
    const activated = (await as(managerOfIt(), ACTIVATE, { id: site.id })).data!.activateSite
    expect(activated.status).toBe('ACTIVE')
    expect(activated.activatedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // Activating an active site again is a retry: the same answer, nothing audited twice.
    expect((await as(managerOfIt(), ACTIVATE, { id: site.id })).data!.activateSite).toEqual(activated)
    const capped = await as(managerOfIt(), CAP, { id: site.id, cap: 8, reason: 'Second coordinator hired.' })
    expect(capped.data!.setSiteEnrollmentCap).toEqual({ id: site.id, enrollmentCap: 8 })
    expect(
      (await trail(site.id)).map((e) => [e.operation, e.field, e.oldValue, e.newValue, e.reasonForChange]),
    ).toEqual([
      ['CREATE', null, null, expect.objectContaining({ siteNumber: '301', enrollmentCap: 5 }), null],
      ['UPDATE', 'status', 'PENDING_ACTIVATION', 'ACTIVE', null],
      ['UPDATE', 'activatedAt', null, expect.any(String), null],
      ['UPDATE', 'enrollmentCap', 5, 8, 'Second coordinator hired.'],
    ])
  })

  it('refuses a site number the study already has (SITE_NUMBER_TAKEN) and a bad time zone', async () => {
    await as(managerOfIt(), ADD_SITE, { input: newSite(studyId, '302') })
    expect(codeOf(await as(managerOfIt(), ADD_SITE, { input: newSite(studyId, '302') }))).toBe('SITE_NUMBER_TAKEN')
    const badZone = await as(managerOfIt(), ADD_SITE, {
      input: { ...newSite(studyId, '303'), timeZone: 'Mars/Olympus' },
    })
    expect(codeOf(badZone)).toBe('BAD_USER_INPUT')
  })

  it('refuses a cap below the slots taken (CAP_BELOW_SLOTS_TAKEN), and the database refuses over-booking', async () => {
    const site = (await as(managerOfIt(), ADD_SITE, { input: newSite(studyId, '304', 4) })).data!.addSite
    await subgraph.prisma.site.update({ where: { id: site.id }, data: { slotsTaken: 3, enrolledCount: 2 } })
    const body = await as(managerOfIt(), CAP, { id: site.id, cap: 2, reason: 'Fewer patients than hoped.' })
    expect(codeOf(body)).toBe('CAP_BELOW_SLOTS_TAKEN')
    expect(body.errors![0]!.extensions!.slotsTaken).toBe(3)
    expect((await as(managerOfIt(), CAP, { id: site.id, cap: 3, reason: 'Full.' })).errors).toBeUndefined()
    await expect(subgraph.prisma.site.update({ where: { id: site.id }, data: { slotsTaken: 4 } })).rejects.toThrow(
      /site_slots_within_cap/,
    )
    await expect(subgraph.prisma.site.update({ where: { id: site.id }, data: { enrolledCount: 4 } })).rejects.toThrow(
      /site_enrolled_within_slots/,
    )
  })

  it.each([
    ['a study manager of another study', cardManager],
    ['a CRC', crc],
    ['a sponsor', sponsor],
  ])('refuses %s every change (FORBIDDEN), nothing audited', async (_who, identity) => {
    const site = await subgraph.prisma.site.findFirstOrThrow({ where: { studyId } })
    const before = await subgraph.prisma.auditEvent.count()
    const answers = [
      await as(identity, STATUS, { id: studyId, status: 'SUSPENDED', reason: 'x' }),
      await as(identity, ADD_SITE, { input: newSite(studyId, '399') }),
      await as(identity, ACTIVATE, { id: site.id }),
      await as(identity, CAP, { id: site.id, cap: 9, reason: 'x' }),
    ]
    expect(answers.map(codeOf)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'])
    expect(await subgraph.prisma.auditEvent.count()).toBe(before)
  })

  it('holds one live slot per patient, whichever saga asks (no handler yet: the table itself)', async () => {
    const slot = { patientId: crypto.randomUUID(), studyId, siteId: siteId(1), status: 'RESERVED' as const }
    await subgraph.prisma.slotReservation.create({ data: { ...slot, sagaId: crypto.randomUUID() } })
    await expect(
      subgraph.prisma.slotReservation.create({ data: { ...slot, sagaId: crypto.randomUUID(), status: 'CONFIRMED' } }),
    ).rejects.toThrow(/Unique constraint/)
    // A released slot is not live: the patient may try again.
    await subgraph.prisma.slotReservation.create({ data: { ...slot, sagaId: crypto.randomUUID(), status: 'RELEASED' } })
  })

  it('keeps the audit trail append-only', async () => {
    await expect(subgraph.asOwner(`UPDATE audit_event SET reason_for_change = 'edited'`)).rejects.toThrow(/append-only/)
  })
})

describe('enrollment counts (aggregates)', () => {
  beforeAll(async () => {
    await subgraph.prisma.study.update({ where: { id: ONC }, data: { slotsTaken: 7, enrolledCount: 5 } })
    await subgraph.prisma.site.update({ where: { id: siteId(1) }, data: { slotsTaken: 4, enrolledCount: 3 } })
  })

  it('shows a sponsor and a study manager the counts of the study and its sites', async () => {
    for (const identity of [sponsor, oncManager, organisationManager]) {
      const body = await as(identity, ENROLLMENT, { id: ONC })
      expect(body.errors).toBeUndefined()
      expect(body.data!.study.enrollment).toEqual({ target: 300, enrolled: 5, inProgress: 2, remaining: 293 })
      expect(body.data!.study.sites[0]).toEqual({
        siteNumber: '101',
        enrollmentCap: 25,
        enrollment: { target: 20, enrolled: 3, inProgress: 1, remaining: 16 },
      })
    }
  })

  it("refuses a patient the counts, and a site-level CRC the whole study's", async () => {
    const patient = identityWith({ role: 'PATIENT', studyId: ONC, siteId: siteId(1), patientId: crypto.randomUUID() })
    const asPatient = await as(patient, ENROLLMENT, { id: ONC })
    expect(asPatient.data!.study.enrollment).toBeNull()
    expect(asPatient.data!.study.sites[0].enrollment).toBeNull()
    const asCrc = await as(crc, ENROLLMENT, { id: ONC })
    expect(asCrc.data!.study.enrollment).toBeNull()
    expect(asCrc.data!.study.sites[0].enrollment).toEqual({ target: 20, enrolled: 3, inProgress: 1, remaining: 16 })
    expect(codeOf(asCrc)).toBe('FORBIDDEN')
  })
})
