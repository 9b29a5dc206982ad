import type { LockLevel } from '../generated/prisma/client'
import type { EdcContext } from '../context'

/**
 * Where a freeze/lock target belongs — its study, and its site below study level — read through the
 * request's loaders; null when this context holds no such target (the caller then gets FORBIDDEN).
 */
export async function lockScope(
  { loaders }: EdcContext,
  level: LockLevel,
  targetId: string,
): Promise<{ studyId: string; siteId: string | null } | null> {
  if (level === 'FORM') return loaders.formDataById.load(targetId)
  if (level === 'CASEBOOK') return loaders.subjectById.load(targetId)
  if (level === 'VISIT') {
    const event = await loaders.studyEventById.load(targetId)
    return event ? loaders.subjectById.load(event.patientId) : null
  }
  return (await loaders.definitionsByStudy.load(targetId)).length ? { studyId: targetId, siteId: null } : null
}
