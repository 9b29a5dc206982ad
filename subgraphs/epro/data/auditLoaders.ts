import DataLoader from 'dataloader'
import type { AuditEvent } from '../generated/prisma/client'
import type { EproPrisma } from './prismaClient'
import { byKey } from '../../../platform/loaders/batching'
import { auditTrailLoader } from '../../../subgraph-runtime/audit/auditEventFields'
import type { AuditScope } from '../../../access-policy/auditAccess'

/** A diary entry's place in the trial: the patient's activation on that diary. */
export interface SubmissionOwner {
  patientId: string
  questionnaireId: string
}

/**
 * Per-request loaders for reading audit trails: the events of many records in one statement per
 * record type, and the study and site a diary entry belongs to (its DiaryEnrollment) in one
 * statement per batch — a list of entries with their trails costs no query per entry.
 */
export function createAuditLoaders(prisma: EproPrisma) {
  return {
    auditTrail: auditTrailLoader<AuditEvent>((entityType, entityIds) =>
      prisma.auditEvent.findMany({ where: { entityType, entityId: { in: entityIds } }, orderBy: { sequence: 'asc' } }),
    ),
    scopeOfSubmission: new DataLoader<SubmissionOwner, AuditScope | null, string>(
      async (owners) => {
        const enrollments = await prisma.diaryEnrollment.findMany({
          where: { OR: owners.map((o) => ({ patientId: o.patientId, questionnaireId: o.questionnaireId })) },
          select: { patientId: true, questionnaireId: true, studyId: true, siteId: true },
        })
        return byKey(owners.map(ownerKey), enrollments, ownerKey).map((e) =>
          e ? { studyId: e.studyId, siteId: e.siteId } : null,
        )
      },
      { cacheKeyFn: ownerKey },
    ),
  }
}

const ownerKey = (o: SubmissionOwner) => `${o.patientId}|${o.questionnaireId}`
