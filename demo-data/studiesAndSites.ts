import { dateOfDay, type DayNumber } from './calendar'
import { isRandomised, patientsPerSite, statusQuotas, ENROLLMENT_STATUSES } from './enrollmentPlan'
import type { GenerationContext } from './scale'
import { SITE_CATALOG, type Institution } from './siteCatalog'
import { stableUuid } from './stableId'
import type { SiteRow, StudyRow } from './rowTypes'
import { STUDY_PROTOCOLS, type StudyProtocol } from './studyProtocols'

export interface SitePlan {
  row: SiteRow
  institution: Institution
  activatedDay: DayNumber
  patientCount: number
}

export interface StudyPlan {
  protocol: StudyProtocol
  row: StudyRow
  startDay: DayNumber
  sites: SitePlan[]
}

export function studyId(protocolId: string): string {
  return stableUuid('study', protocolId)
}

export function siteId(protocolId: string, siteNumber: string): string {
  return stableUuid('site', `${protocolId}/${siteNumber}`)
}

/** Studies and sites are reference data: they depend on the scale and anchor, not on the seed. */
export function planStudiesAndSites(context: GenerationContext): StudyPlan[] {
  const { scale, today } = context
  const siteCounts = patientsPerSite(
    scale.patients,
    scale.sitesPerStudy.reduce((sum, n) => sum + n, 0),
  )
  let globalSiteIndex = 0
  return STUDY_PROTOCOLS.map((protocol, studyIndex) => {
    const sitesWanted = scale.sitesPerStudy[studyIndex]!
    const catalog = SITE_CATALOG[protocol.protocolId]!
    if (sitesWanted > catalog.length)
      throw new RangeError(
        `${protocol.protocolId} has ${catalog.length} sites in the catalog; ${sitesWanted} requested`,
      )
    const startDay = today - protocol.startedDaysAgo
    const patientCounts = catalog.slice(0, sitesWanted).map(() => siteCounts[globalSiteIndex++]!)
    const randomised = patientCounts.reduce((sum, n) => {
      const quotas = statusQuotas(protocol, n)
      return sum + ENROLLMENT_STATUSES.filter(isRandomised).reduce((s, status) => s + quotas[status], 0)
    }, 0)
    const plannedEnrollment = Math.max(10, Math.ceil((randomised * protocol.enrollmentTargetFactor) / 10) * 10)
    const id = studyId(protocol.protocolId)
    const sites = catalog.slice(0, sitesWanted).map((institution, i): SitePlan => {
      const siteNumber = String(101 + i)
      const activatedDay = startDay + protocol.siteActivationDays[i]!
      return {
        institution,
        activatedDay,
        patientCount: patientCounts[i]!,
        row: {
          id: siteId(protocol.protocolId, siteNumber),
          studyId: id,
          siteNumber,
          name: institution.name,
          city: institution.city,
          country: institution.country,
          timeZone: institution.timeZone,
          enrollmentTarget: Math.max(5, Math.ceil(plannedEnrollment / sitesWanted / 5) * 5),
          status: 'ACTIVE',
          activatedAt: dateOfDay(activatedDay),
        },
      }
    })
    const row: StudyRow = {
      id,
      protocolId: protocol.protocolId,
      title: protocol.title,
      shortTitle: protocol.shortTitle,
      phase: protocol.phase,
      status: protocol.status,
      sponsorName: protocol.sponsorName,
      therapeuticArea: protocol.therapeuticArea,
      plannedEnrollment,
      startDate: dateOfDay(startDay),
    }
    return { protocol, row, startDay, sites }
  })
}
