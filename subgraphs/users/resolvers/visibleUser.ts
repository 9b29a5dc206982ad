import type { UsersContext } from '../context'
import type { User } from '../generated/prisma/client'
import { studiesOf } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'

/**
 * Whose profile the caller may see: their own; a staff member's if they share a study, now or in
 * the past (a CRC's colleagues, a patient's care team, a monitor's site staff). A patient's account — a name and
 * an email, identifying — only its owner. Anything else, or no such user: FORBIDDEN.
 */
export async function visibleUser(
  found: User | null,
  { identity, loaders }: Pick<UsersContext, 'identity' | 'loaders'>,
  key: string,
): Promise<User> {
  if (found && identity?.userId === found.id) return found
  if (found && identity) {
    const roles = await loaders.rolesEverHeld.load(found.id)
    const isPatientAccount = roles.some((r) => r.role === 'PATIENT')
    const mine = studiesOf(identity)
    if (!isPatientAccount && roles.some((r) => r.studyId !== null && mine.has(r.studyId))) return found
  }
  throw forbidden('user', key)
}
