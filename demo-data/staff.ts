import { MINUTE_MS, dateOfDay, type DayNumber } from './calendar'
import { type EmailRegistry, staffName } from './personNames'
import { randomFor } from './random'
import type { RoleAssignmentRow, Role, UserRow } from './rowTypes'
import type { GenerationContext } from './scale'
import { fictionalPhone } from './siteCatalog'
import { stableUuid } from './stableId'
import type { SitePlan, StudyPlan } from './studiesAndSites'

export interface SiteStaff {
  /** Principal investigator first, then sub-investigators. */
  investigators: UserRow[]
  crcs: UserRow[]
}

export interface StaffDirectory {
  users: UserRow[]
  roleAssignments: RoleAssignmentRow[]
  bySiteId: Map<string, SiteStaff>
  /** Day each staff user was given their role, by user id. */
  joinedDay: Map<string, DayNumber>
}

interface StaffSlot {
  role: Exclude<Role, 'PATIENT'>
  study: StudyPlan
  site: SitePlan | null
  /** A grant for every study (no study id): the organisation-level study manager. */
  organisationWide?: boolean
  /** Joined after the site or study started, rather than at activation. */
  lateJoiner: boolean
}

// Staff do not depend on the seed, so the README's example logins hold for every seed.
const STAFF_SEED = 0

export function roleAssignmentId(email: string, role: Role, scope: string): string {
  return stableUuid('role-assignment', `${email}|${role}|${scope}`)
}

/**
 * The core team comes first and in a fixed order (site 101's investigator is user #1): for every
 * site one investigator and two CRCs, then per study a data manager, a monitor and a sponsor
 * contact. Larger scales add sub-investigators, monitors, CRCs, ... in rotation. Trial operations
 * come last — appended, since names are drawn by slot index and the README lists accounts by name:
 * the CRO's organisation-level study manager and an unblinded pharmacist at every site of the
 * first (oncology) study.
 */
function staffSlots(plans: readonly StudyPlan[], total: number): StaffSlot[] {
  const sites = plans.flatMap((study) => study.sites.map((site) => ({ study, site })))
  const slot = (role: StaffSlot['role'], study: StudyPlan, site: SitePlan | null, lateJoiner: boolean): StaffSlot => ({
    role,
    study,
    site,
    lateJoiner,
  })
  const core = [
    ...sites.flatMap(({ study, site }) =>
      (['INVESTIGATOR', 'CRC', 'CRC'] as const).map((role) => slot(role, study, site, false)),
    ),
    ...plans.flatMap((study) =>
      (['DATA_MANAGER', 'MONITOR', 'SPONSOR'] as const).map((role) => slot(role, study, null, false)),
    ),
  ]
  if (total < core.length) throw new RangeError(`scale.staffUsers must be at least ${core.length} for this many sites`)
  const rotation = [
    ...sites.map(({ study, site }) => slot('INVESTIGATOR', study, site, true)),
    ...plans.map((study) => slot('MONITOR', study, null, true)),
    ...sites.map(({ study, site }) => slot('CRC', study, site, true)),
    ...plans.map((study) => slot('DATA_MANAGER', study, null, true)),
    ...plans.map((study) => slot('SPONSOR', study, null, true)),
  ]
  const slots = core
  for (let i = 0; slots.length < total; i++) slots.push(rotation[i % rotation.length]!)
  const [oncology] = plans
  if (oncology)
    slots.push(
      { ...slot('STUDY_MANAGER', oncology, null, false), organisationWide: true },
      ...oncology.sites.map((site) => slot('UNBLINDED_PHARMACIST', oncology, site, false)),
    )
  return slots
}

export function buildStaff(
  plans: readonly StudyPlan[],
  context: GenerationContext,
  emails: EmailRegistry,
): StaffDirectory {
  const users: UserRow[] = []
  const roleAssignments: RoleAssignmentRow[] = []
  const bySiteId = new Map<string, SiteStaff>()
  const joinedDay = new Map<string, DayNumber>()
  const phoneSerials = new Map<string, number>()
  const nextPhone = (prefix: string | null) => {
    const serial = phoneSerials.get(prefix ?? '') ?? 10
    phoneSerials.set(prefix ?? '', serial + 1)
    return fictionalPhone(prefix, serial)
  }

  staffSlots(plans, context.scale.staffUsers).forEach(({ role, study, site, lateJoiner, organisationWide }, n) => {
    const { protocol } = study
    const name = staffName(n)
    const domain = site
      ? site.institution.emailDomain
      : role === 'SPONSOR'
        ? protocol.sponsorDomain
        : protocol.croDomain
    const email = emails.claim(name, domain)
    const team = site ? (bySiteId.get(site.row.id) ?? { investigators: [], crcs: [] }) : null
    if (site && team) bySiteId.set(site.row.id, team)
    const sponsorCount = users.filter((u) => u.organization === protocol.sponsorName).length
    const title = titleFor(role, team?.crcs.length ?? 0, sponsorCount)
    const user: UserRow = {
      id: stableUuid('user', email),
      email,
      ...name,
      title,
      phone: nextPhone(
        site
          ? site.institution.phonePrefix
          : role === 'SPONSOR'
            ? protocol.sponsorPhonePrefix
            : protocol.croPhonePrefix,
      ),
      organization: site ? site.institution.name : role === 'SPONSOR' ? protocol.sponsorName : protocol.croName,
      active: true,
    }
    users.push(user)
    // The care team: a site's pharmacist handles the study drug, not the patients.
    if (team && role === 'INVESTIGATOR') team.investigators.push(user)
    if (team && role === 'CRC') team.crcs.push(user)

    // Access is granted at the site initiation visit, two weeks before activation; late joiners later.
    const startDay = site ? site.activatedDay : study.startDay
    const rng = randomFor(STAFF_SEED, 'staff', email)
    const grantedDay = lateJoiner
      ? Math.min(rng.int(startDay + 30, context.today - 7), context.today - 1)
      : startDay - 14
    joinedDay.set(user.id, grantedDay)
    const scope = organisationWide
      ? 'ORGANISATION'
      : site
        ? `${protocol.protocolId}/${site.row.siteNumber}`
        : protocol.protocolId
    roleAssignments.push({
      id: roleAssignmentId(email, role, scope),
      userId: user.id,
      role,
      studyId: organisationWide ? null : study.row.id,
      siteId: site ? site.row.id : null,
      patientId: null,
      grantedAt: new Date(dateOfDay(grantedDay).getTime() + rng.int(8 * 60, 17 * 60) * MINUTE_MS),
      revokedAt: null,
    })
  })
  return { users, roleAssignments, bySiteId, joinedDay }
}

function titleFor(role: StaffSlot['role'], crcsSoFar: number, sponsorStaffSoFar: number): string {
  switch (role) {
    case 'INVESTIGATOR':
      return 'MD'
    case 'CRC':
      return crcsSoFar % 2 === 0 ? 'RN' : 'CCRC'
    case 'DATA_MANAGER':
      return 'CCDM'
    case 'MONITOR':
      return 'CCRA'
    case 'SPONSOR':
      // The first sponsor contact is the study's medical monitor.
      return ['MD', 'PharmD', 'PhD'][sponsorStaffSoFar % 3]!
    case 'STUDY_MANAGER':
      return 'PMP'
    case 'UNBLINDED_PHARMACIST':
      return 'PharmD'
  }
}
