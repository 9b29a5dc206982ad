import crypto from 'node:crypto'
import type { DataQuery, FormData, QueryAction } from '../generated/prisma/client'
import type { EdcPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput, ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { applyQueryAction, type QueryActionResult } from '../lifecycle/queryLifecycle'
import type { ActorKind } from '../lifecycle/actorKinds'
import { requireQueryable } from '../locks/effectiveLock'
import { EdcErrorCodes } from '../errorCodes'

/** A refusal of the query lifecycle as the error a person reads. */
function refusal(result: Extract<QueryActionResult, { ok: false }>): Error {
  if (result.reason === 'QUERY_ACTION_NOT_ALLOWED_FOR_ROLE') return appError(ErrorCodes.FORBIDDEN, result.message)
  if (result.reason === 'QUERY_MESSAGE_REQUIRED') return badInput('text', result.message)
  return appError(EdcErrorCodes.QUERY_TRANSITION_NOT_ALLOWED, result.message)
}

/**
 * A monitor or data manager raises a query on an item of a form. The query and its first message
 * are written with their audit row in one transaction; refused on locked data.
 */
export async function raiseQuery(
  prisma: EdcPrisma,
  form: FormData,
  place: { group: string; row: number; item: string; text: string },
  actor: AuditActor,
  at: Date,
): Promise<DataQuery> {
  if (!place.text.trim()) throw badInput('text', 'Write what the query asks of the site.')
  return prisma.$transaction(async (tx) => {
    await requireQueryable(tx, form)
    const query: DataQuery = {
      id: crypto.randomUUID(),
      formDataId: form.id,
      patientId: form.patientId,
      studyId: form.studyId,
      siteId: form.siteId,
      groupOid: place.group,
      row: place.row,
      itemOid: place.item,
      origin: 'MANUAL',
      checkId: null,
      status: 'OPEN',
      openedAt: at,
      openedBy: actor.userId,
      updatedAt: at,
    }
    await tx.dataQuery.create({ data: query })
    await tx.queryMessage.create({
      data: {
        id: crypto.randomUUID(),
        queryId: query.id,
        action: 'OPEN',
        text: place.text,
        authorUserId: actor.userId,
        authorRole: actor.role,
        createdAt: at,
      },
    })
    await tx.auditEvent.createMany({
      data: [auditRow(actor, 'CREATE', { type: 'DataQuery', id: query.id }, at, { newValue: query })],
    })
    return query
  })
}

/**
 * Moves a query along its lifecycle (answer, close, re-open, comment) as the first of the caller's
 * actor kinds the lifecycle allows. The status is claimed on the value read, so two people acting
 * at once cannot both move it from the same status: the second sees the new status and is judged on it.
 */
export async function respondToQuery(
  prisma: EdcPrisma,
  queryId: string,
  request: { action: QueryAction; text: string | null; actorKinds: readonly ActorKind[] },
  actor: AuditActor,
  at: Date,
): Promise<DataQuery> {
  if (request.action === 'OPEN') throw badInput('action', 'A query is opened with raiseDataQuery.')
  const action = request.action
  return prisma.$transaction(async (tx) => {
    const query = await tx.dataQuery.findUniqueOrThrow({ where: { id: queryId } })
    await requireQueryable(tx, await tx.formData.findUniqueOrThrow({ where: { id: query.formDataId } }))
    const results = request.actorKinds.map((kind) =>
      applyQueryAction(query.status, action, kind, request.text ?? undefined),
    )
    const result = results.find((r) => r.ok) ?? results[0]
    if (!result) throw appError(ErrorCodes.FORBIDDEN, 'You do not work on queries of this patient.')
    if (!result.ok) throw refusal(result)
    const { count } = await tx.dataQuery.updateMany({
      where: { id: queryId, status: query.status },
      data: { status: result.status, updatedAt: at },
    })
    if (count === 0)
      throw appError(
        EdcErrorCodes.QUERY_TRANSITION_NOT_ALLOWED,
        'The query changed meanwhile; reload it and try again.',
      )
    await tx.queryMessage.create({
      data: {
        id: crypto.randomUUID(),
        queryId,
        action,
        text: request.text,
        authorUserId: actor.userId,
        authorRole: actor.role,
        createdAt: at,
      },
    })
    await tx.auditEvent.createMany({
      data: [
        auditRow(actor, 'UPDATE', { type: 'DataQuery', id: queryId }, at, {
          field: 'status',
          oldValue: query.status,
          newValue: result.status,
          reasonForChange: `${action}${request.text ? `: ${request.text}` : ''}`,
        }),
      ],
    })
    return { ...query, status: result.status, updatedAt: at }
  })
}
