import crypto from 'node:crypto'
import type { MutationResolvers, StartExportInput } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { exportForbidden, mayStartExport, type ExportProfile } from '../../../access-policy/exportPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { parseId } from '../../../platform/ids'
import { auditEvent } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { PROFILES } from '../deidentify/profiles'
import { ExportsErrorCodes } from '../errorCodes'
import type { ExportJobModel } from '../data/models'

const MAX_RECIPIENT_LENGTH = 200

/** What a job is asked to do: a retry with the same job id must ask exactly this again. */
const settingsOf = (
  job: Pick<ExportJobModel, 'studyId' | 'format' | 'profile' | 'datasets' | 'includeAudit' | 'recipient'>,
) => JSON.stringify([job.studyId, job.format, job.profile, [...job.datasets].sort(), job.includeAudit, job.recipient])

function requestedSettings(input: StartExportInput, userId: string) {
  const profile = input.profile.toLowerCase() as ExportProfile
  const includeAudit = input.includeAudit ?? false
  if (includeAudit && PROFILES[profile].audit === 'none')
    throw badInput(
      'input.includeAudit',
      'The REGULATOR profile carries no audit records (they need exact instants); ask without includeAudit, or use SPONSOR.',
    )
  const recipient = (input.recipient ?? `user:${userId}`).trim()
  if (!recipient || recipient.length > MAX_RECIPIENT_LENGTH)
    throw badInput('input.recipient', `The recipient must be 1 to ${MAX_RECIPIENT_LENGTH} characters.`)
  return {
    studyId: parseId(input.studyId, 'input.studyId'),
    format: input.format.toLowerCase(),
    profile,
    datasets: [...new Set((input.datasets ?? []).map((d) => d.toLowerCase()))],
    includeAudit,
    recipient,
  }
}

/**
 * Queues an export: the access decision (exportPolicy.ts), then the job and its EXPORT_REQUESTED
 * audit event in one transaction; a worker is woken to take it. Idempotent on `jobId`.
 */
export const startExport: MutationResolvers['startExport'] = async (_parent, { input }, context) => {
  const { prisma, identity, requestId, background } = context
  if (!identity) throw forbidden('study')
  const settings = requestedSettings(input, identity.userId)
  const decision = mayStartExport(identity, settings.studyId, settings.profile)
  if (!decision.allowed) throw exportForbidden(decision.refusal)
  const id = input.jobId ? parseId(input.jobId, 'input.jobId') : crypto.randomUUID()

  const sameJob = (existing: ExportJobModel) => {
    if (existing.requestedBy !== identity.userId) throw forbidden('export job', id)
    if (settingsOf(existing) !== settingsOf(settings))
      throw appError(
        ExportsErrorCodes.EXPORT_JOB_CONFLICT,
        `Export job ${id} already exists with other settings; choose a new jobId.`,
      )
    return existing
  }
  const existing = await prisma.exportJob.findUnique({ where: { id } })
  if (existing) return sameJob(existing)

  // Inserted only if absent: the same job id sent twice at once makes one job, and the second
  // request gets it back like any retry.
  const created = await prisma.$transaction(async (tx) => {
    const requestedAt = new Date()
    const { count } = await tx.exportJob.createMany({
      data: [{ id, ...settings, requestedBy: identity.userId, sessionId: identity.sessionId, requestedAt }],
      skipDuplicates: true,
    })
    if (count === 1)
      await auditEvent(
        tx,
        requestActor(identity, requestId),
        'EXPORT_REQUESTED',
        { type: 'ExportJob', id },
        requestedAt,
        {
          newValue: { ...settings, exportingRole: decision.role },
        },
      )
    return count === 1
  })
  const job = await prisma.exportJob.findUniqueOrThrow({ where: { id } })
  if (!created) return sameJob(job)
  background?.runner.wake()
  return job
}
