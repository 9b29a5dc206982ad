import type { BusMessage } from '../../../server-kit/events/eventBus'
import type { EproPrisma } from '../data/prismaClient'
import type { AdverseEventAlert } from '../generated/prisma/client'
import type { AlertDetectedPayload } from '../submission/alertEvents'

/**
 * Stores a detected alert once, whatever the number of deliveries: the alert's id is the event's,
 * so a redelivered event inserts nothing. Returns the stored alert when this delivery created it
 * (and so must announce it), null for a duplicate.
 */
export async function storeAlertOnce(prisma: EproPrisma, message: BusMessage): Promise<AdverseEventAlert | null> {
  const p = message.payload as AlertDetectedPayload
  const { count } = await prisma.adverseEventAlert.createMany({
    data: [
      {
        id: p.alertId,
        patientId: p.patientId,
        siteId: p.siteId,
        studyId: p.studyId,
        submissionId: p.submissionId,
        rule: p.rule,
        severity: p.severity,
        ctcaeTerm: p.ctcaeTerm,
        ctcaeGrade: p.ctcaeGrade,
        observed: p.observed,
        threshold: p.threshold,
        summary: p.summary,
        detectedAt: new Date(p.detectedAt),
      },
    ],
    skipDuplicates: true,
  })
  return count === 1 ? prisma.adverseEventAlert.findUnique({ where: { id: p.alertId } }) : null
}
