import type { User } from '../generated/prisma/client'
import type { Role } from '../generated/prisma/enums'

// A site's care team is listed the way a delegation log reads: the principal investigator(s)
// first, then the study coordinators, then everyone else; by family name within a role.
const ROLE_RANK: Record<Role, number> = {
  INVESTIGATOR: 0,
  CRC: 1,
  UNBLINDED_PHARMACIST: 2,
  DATA_MANAGER: 3,
  MONITOR: 4,
  STUDY_MANAGER: 5,
  SPONSOR: 6,
  PATIENT: 7,
}

export interface StaffMember {
  user: User
  /** The member's highest-ranked current role at the site. */
  role: Role
}

export function rankOf(role: Role): number {
  return ROLE_RANK[role]
}

export function compareStaff(a: StaffMember, b: StaffMember): number {
  return (
    rankOf(a.role) - rankOf(b.role) ||
    a.user.familyName.localeCompare(b.user.familyName) ||
    a.user.givenName.localeCompare(b.user.givenName) ||
    a.user.id.localeCompare(b.user.id)
  )
}
