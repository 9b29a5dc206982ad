import { appError } from '../../../contracts/errors/errorRegistry'
import { auditUpdated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { StudiesPrisma } from '../data/prismaClient'
import { StudiesErrorCodes } from '../errorCodes'
import type { Study, StudyStatus } from '../generated/prisma/client'
import { publishStudyEvent } from './studyEvents'

// ClinicalTrials.gov: completed, terminated and withdrawn studies are over; withdrawn means
// stopped before the first participant enrolled, so only a study not yet recruiting gets there.
const FINAL: readonly StudyStatus[] = ['COMPLETED', 'TERMINATED', 'WITHDRAWN']

/** Why a study may not go from one status to another; null when it may. */
export function studyTransitionProblem(from: StudyStatus, to: StudyStatus): string | null {
  if (FINAL.includes(from)) return `The study is ${from}; its status no longer changes.`
  if (to === 'WITHDRAWN' && from !== 'NOT_YET_RECRUITING')
    return `Only a study not yet recruiting can be WITHDRAWN (this one is ${from}); use TERMINATED.`
  return null
}

/** A new recruitment status with its reason, audited; the status it already has changes nothing. */
export async function updateStudyStatus(
  prisma: StudiesPrisma,
  change: { study: Study; status: StudyStatus; reason: string },
  actor: AuditActor,
  at: Date,
): Promise<Study> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM study WHERE id = ${change.study.id}::uuid FOR UPDATE`
    const before = await tx.study.findUniqueOrThrow({ where: { id: change.study.id } })
    if (before.status === change.status) return before
    const problem = studyTransitionProblem(before.status, change.status)
    if (problem) throw appError(StudiesErrorCodes.STUDY_TRANSITION_NOT_ALLOWED, problem, { status: before.status })
    const after = await tx.study.update({ where: { id: before.id }, data: { status: change.status } })
    await auditUpdated(
      tx,
      actor,
      { type: 'Study', id: before.id },
      { before, after, fields: ['status'], reasonForChange: change.reason },
      at,
    )
    await publishStudyEvent(tx, { type: 'StudyStatusChanged', studyId: after.id, status: after.status })
    return after
  })
}
