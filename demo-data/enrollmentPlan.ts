import { apportion } from './allocation'
import type { EnrollmentStatus } from './rowTypes'
import type { StudyProtocol } from './studyProtocols'

export const ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = [
  'SCREENING',
  'SCREEN_FAILED',
  'ENROLLED',
  'COMPLETED',
  'WITHDRAWN',
]

/** Patients of each site when the total is spread evenly over all sites of all studies. */
export function patientsPerSite(totalPatients: number, siteCount: number): number[] {
  return apportion(
    totalPatients,
    Array.from({ length: siteCount }, () => 1),
  )
}

/**
 * Exact status counts for one site: exact quotas (rather than a draw per patient) keep the mix
 * realistic at every scale and guarantee the enrolled patient each site's patient account needs.
 */
export function statusQuotas(protocol: StudyProtocol, patientCount: number): Record<EnrollmentStatus, number> {
  const counts = apportion(
    patientCount,
    ENROLLMENT_STATUSES.map((status) => protocol.statusMix[status]),
  )
  const quotas = Object.fromEntries(ENROLLMENT_STATUSES.map((status, i) => [status, counts[i]!])) as Record<
    EnrollmentStatus,
    number
  >
  if (quotas.ENROLLED === 0 && patientCount > 0) {
    const donor = ENROLLMENT_STATUSES.reduce((best, status) => (quotas[status] > quotas[best] ? status : best))
    quotas[donor] -= 1
    quotas.ENROLLED = 1
  }
  return quotas
}

/** Patients who were randomised (and so get an arm, a diary and on-treatment visits). */
export function isRandomised(status: EnrollmentStatus): boolean {
  return status === 'ENROLLED' || status === 'COMPLETED' || status === 'WITHDRAWN'
}
