import type { FormDefinition as FormDefinitionRow, Prisma } from '../generated/prisma/client'
import type { EdcPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { holdStudyShared } from '../locks/effectiveLock'
import { EdcErrorCodes } from '../errorCodes'
import { checkDefinition, publishedDefinition } from './publishDefinition'

export interface PublishFormVersionRequest {
  studyId: string
  /** The FormDef document as the data manager wrote it (parsed JSON, not yet checked). */
  document: unknown
  /** The newest version the change was based on (0 for a form the study does not have yet). */
  expectedVersion: number
  reasonForChange: string | null
  at: Date
}

export interface PublishFormVersionResult {
  definition: FormDefinitionRow
  /** False when the newest version already had exactly this content (a retry): nothing changed. */
  created: boolean
  /** Forms not started that now use this version. */
  formsMoved: number
  /** Forms with data (or under a freeze/lock) that stay on an older version. */
  formsKept: number
}

/**
 * Publishes the next version of a form of a study, all or nothing:
 * 1. the document is checked whole (FORM_DEFINITION_INVALID naming every problem, nothing stored);
 * 2. publishers of the study's forms take turns (an advisory lock), and a change based on an older
 *    version than the newest is refused (VERSION_CONFLICT) — two data managers never silently
 *    publish over each other; the same content again is a retry and returns the newest unchanged;
 * 3. a change to a form already published needs a reason (REASON_FOR_CHANGE_REQUIRED);
 * 4. forms not started, and neither frozen nor locked at any level, move to the new version; their
 *    row version goes up, so a save prepared on the old version is refused (VERSION_CONFLICT) rather
 *    than checked against a form its user never saw. Forms with data stay on their version. A form
 *    being saved at that moment keeps its version; a retry moves it if it is still not started.
 * The new version and every form moved are audited in the same transaction.
 */
export async function publishFormVersion(
  prisma: EdcPrisma,
  request: PublishFormVersionRequest,
  actor: AuditActor,
): Promise<PublishFormVersionResult> {
  const checked = checkDefinition(request.document)
  if (!checked.definition)
    throw appError(
      EdcErrorCodes.FORM_DEFINITION_INVALID,
      `The form definition has ${checked.problems.length === 1 ? 'a problem' : `${checked.problems.length} problems`}; nothing was published. ${checked.problems[0]}`,
      { problems: checked.problems },
    )
  const document = checked.definition
  const { studyId, at } = request
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`edc-definitions:${studyId}`}))`
    // Moving forms is a change to data: it must not pass a freeze/lock in flight (see effectiveLock).
    await holdStudyShared(tx, studyId)
    const newest = await tx.formDefinition.findFirst({
      where: { studyId, formOid: document.oid },
      orderBy: { version: 'desc' },
    })
    const next = publishedDefinition(studyId, document, (newest?.version ?? 0) + 1)
    const retry = newest?.digest === next.digest
    if (!retry) {
      if ((newest?.version ?? 0) !== request.expectedVersion)
        throw appError(
          EdcErrorCodes.VERSION_CONFLICT,
          newest
            ? `Form ${document.oid} is at version ${newest.version} now, not ${request.expectedVersion}: read the newest version and apply your change to it.`
            : `Study has no form ${document.oid} yet: publish its first version with expectedVersion 0.`,
          { currentVersion: newest?.version ?? 0 },
        )
      if (newest && !request.reasonForChange)
        throw appError(
          EdcErrorCodes.REASON_FOR_CHANGE_REQUIRED,
          `Give a reason for the new version of ${document.oid} (e.g. the protocol amendment it implements).`,
        )
    }
    const definition = retry ? newest! : await tx.formDefinition.create({ data: next })
    const reasonForChange = request.reasonForChange
    // A retry moves what the first attempt could not (forms busy at that moment), and nothing else.
    const moved = await moveFormsNotStarted(tx, definition)
    await tx.auditEvent.createMany({
      data: [
        ...(retry
          ? []
          : [
              auditRow(actor, 'CREATE', { type: 'FormDefinition', id: definition.id }, at, {
                newValue: { formOid: definition.formOid, version: definition.version, digest: definition.digest },
                reasonForChange,
              }),
            ]),
        ...moved.map((form) =>
          auditRow(actor, 'UPDATE', { type: 'FormData', id: form.id }, at, {
            field: 'definitionVersion',
            oldValue: form.old_version,
            newValue: definition.version,
            reasonForChange,
          }),
        ),
      ],
    })
    const formsKept = await tx.formData.count({
      where: { studyId, formOid: document.oid, definitionId: { not: definition.id } },
    })
    return { definition, created: !retry, formsMoved: moved.length, formsKept }
  })
}

/**
 * Moves the study's forms of this OID that are not started, and neither frozen nor locked at any
 * level, to `definition`, raising their row version. SKIP LOCKED: a form a site is saving right now
 * is being started and keeps its version; waiting for its row while holding the study's lock could
 * close a circle with that save and a lock action waiting between them.
 */
function moveFormsNotStarted(tx: Prisma.TransactionClient, definition: FormDefinitionRow) {
  return tx.$queryRaw<{ id: string; old_version: number }[]>`
    UPDATE form_data f SET definition_id = ${definition.id}::uuid, version = f.version + 1
    FROM form_definition old
    WHERE old.id = f.definition_id AND f.id IN (
      SELECT c.id FROM form_data c
      WHERE c.study_id = ${definition.studyId}::uuid AND c.form_oid = ${definition.formOid}
        AND c.status = 'NOT_STARTED' AND c.definition_id <> ${definition.id}::uuid
        AND NOT EXISTS (
          SELECT 1 FROM data_lock l
          WHERE l.state <> 'NONE' AND (
            (l.level = 'FORM' AND l.target_id = c.id) OR (l.level = 'VISIT' AND l.target_id = c.visit_id)
            OR (l.level = 'CASEBOOK' AND l.target_id = c.patient_id) OR (l.level = 'STUDY' AND l.target_id = c.study_id)))
      FOR UPDATE SKIP LOCKED)
    RETURNING f.id, old.version AS old_version`
}
