import { MINUTE_MS, dateOfDay } from './calendar'
import type { PatientRecord } from './patients'
import { type EmailRegistry, patientName } from './personNames'
import { randomFor } from './random'
import type { RoleAssignmentRow, UserRow } from './rowTypes'
import type { GenerationContext } from './scale'
import { roleAssignmentId } from './staff'
import { stableUuid } from './stableId'
import type { StudyPlan } from './studiesAndSites'

export interface PatientAccounts {
  users: UserRow[]
  roleAssignments: RoleAssignmentRow[]
}

/**
 * One patient-portal account per site, for the site's longest-enrolled ongoing patient: the one
 * with the most diary history to show when logging in as a patient.
 */
export function buildPatientAccounts(
  plans: readonly StudyPlan[],
  patients: readonly PatientRecord[],
  context: GenerationContext,
  emails: EmailRegistry,
): PatientAccounts {
  const users: UserRow[] = []
  const roleAssignments: RoleAssignmentRow[] = []
  plans
    .flatMap((study) => study.sites.map((site) => ({ study, site })))
    .forEach(({ study, site }, siteIndex) => {
      const patient = patients
        .filter((p) => p.site === site && p.row.enrollmentStatus === 'ENROLLED')
        .reduce<PatientRecord | null>(
          (best, p) => (best === null || p.enrollmentDay! < best.enrollmentDay! ? p : best),
          null,
        )
      if (patient === null)
        throw new Error(`Site ${study.protocol.protocolId}/${site.row.siteNumber} has no enrolled patient`)
      const name = patientName(siteIndex)
      const email = emails.claim(name, 'patient-mail.example')
      const user: UserRow = {
        id: stableUuid('user', email),
        email,
        ...name,
        title: null,
        phone: null,
        organization: null,
        active: true,
      }
      // The CRC activates the diary app during the baseline visit.
      const grantedMinute = randomFor(context.seed, 'patient-account', patient.row.subjectNumber).int(9 * 60, 16 * 60)
      users.push(user)
      roleAssignments.push({
        id: roleAssignmentId(email, 'PATIENT', patient.row.subjectNumber),
        userId: user.id,
        role: 'PATIENT',
        studyId: study.row.id,
        siteId: site.row.id,
        patientId: patient.row.id,
        grantedAt: new Date(dateOfDay(patient.enrollmentDay!).getTime() + grantedMinute * MINUTE_MS),
        revokedAt: null,
      })
    })
  return { users, roleAssignments }
}
