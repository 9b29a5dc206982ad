import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput, ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { forbidden } from '../../../access-policy/forbidden'
import { signData } from './signData'
import { publishFormDefinition } from './publishFormDefinition'
import {
  mayEnterData,
  mayLockData,
  mayReviewQueries,
  mayVerifySourceData,
} from '../../../access-policy/dataCapturePolicy'
import { holdsRoleAt, STAFF } from '../../../access-policy/accessPolicy'
import type { Identity } from '../../../contracts/identity'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { saveFormData } from '../entry/saveFormData'
import { formIdOf } from '../forms/formIdentity'
import { actorKindsOf } from '../forms/actorKindsOf'
import { raiseQuery, respondToQuery } from '../queries/queryActions'
import { verifyFormData } from '../sdv/verifyFormData'
import { setDataLock } from '../locks/setDataLock'
import { lockScope } from '../locks/lockScope'
import { lockTargetsOf } from '../locks/effectiveLock'
import { requireForm, subjectOf } from './formAccess'

const readsScope = (identity: Identity | null, scope: { studyId: string; siteId: string | null }) =>
  scope.siteId === null
    ? !!identity?.grants.some((g) => STAFF.includes(g.role) && g.studyId === scope.studyId)
    : holdsRoleAt(identity, STAFF, { studyId: scope.studyId, siteId: scope.siteId })

const MAX_TEXT = 4000
const text = (value: string | null | undefined, argumentName: string) => {
  const trimmed = value?.trim() ?? ''
  if (trimmed.length > MAX_TEXT)
    throw badInput(argumentName, `"${argumentName}" is longer than ${MAX_TEXT} characters.`)
  return trimmed || null
}

/**
 * The latest calendar day anywhere now (UTC+14): a date after it is in the future for every site,
 * whatever its time zone, so the future-date check never refuses a site's own today.
 */
const latestToday = (now: Date) => new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10)

export const Mutation: MutationResolvers = {
  saveFormData: async (_root, { input }, context) => {
    const visitId = parseId(input.visitId, 'visitId')
    const form = await requireForm(context, formIdOf(visitId, input.formOid), mayEnterData, 'visitId')
    const at = new Date()
    const result = await saveFormData(
      context.prisma,
      {
        form,
        expectedVersion: input.expectedVersion,
        values: input.values.map((v) => ({ group: v.group, row: v.row ?? 1, item: v.item, value: v.value ?? null })),
        complete: input.complete ?? false,
        reasonForChange: text(input.reasonForChange, 'reasonForChange'),
        today: latestToday(at),
        at,
      },
      requestActor(context.identity, context.requestId),
    )
    // The answer is built from what the transaction read and wrote, not read again.
    const { loaders } = context
    const { items, lockRows, openQueryCount, signatures } = result.settled
    if (signatures) loaders.signaturesByPatient.clear(form.patientId).prime(form.patientId, signatures)
    loaders.itemsByForm.clear(form.id).prime(form.id, items)
    loaders.openQueryCountByForm.clear(form.id).prime(form.id, openQueryCount)
    for (const [, targetId] of lockTargetsOf(form))
      loaders.locksByTarget.clear(targetId).prime(
        targetId,
        lockRows.filter((row) => row.targetId === targetId),
      )
    return result
  },
  raiseDataQuery: async (_root, { input }, context) => {
    const form = await requireForm(context, input.formId)
    if (!mayReviewQueries(context.identity, subjectOf(form)))
      throw appError(ErrorCodes.FORBIDDEN, 'Only a monitor or a data manager of the study raises a query.')
    return raiseQuery(
      context.prisma,
      form,
      { group: input.group, row: input.row ?? 1, item: input.item, text: text(input.text, 'text') ?? '' },
      requestActor(context.identity, context.requestId),
      new Date(),
    )
  },
  respondToDataQuery: async (_root, { input }, context) => {
    const query = await context.loaders.queryById.load(parseId(input.queryId, 'queryId'))
    if (!query) throw forbidden('data query', input.queryId)
    const kinds = actorKindsOf(context.identity, subjectOf(query))
    if (kinds.length === 0) throw forbidden('data query', input.queryId)
    return respondToQuery(
      context.prisma,
      query.id,
      { action: input.action, text: text(input.text, 'text'), actorKinds: kinds },
      requestActor(context.identity, context.requestId),
      new Date(),
    )
  },
  verifyFormData: async (_root, { input }, context) => {
    const form = await requireForm(context, input.formId)
    if (!mayVerifySourceData(context.identity, subjectOf(form)))
      throw appError(ErrorCodes.FORBIDDEN, 'Only a monitor of the study verifies source data.')
    await verifyFormData(
      context.prisma,
      form,
      input.items?.map((i) => ({ group: i.group, row: i.row ?? 1, item: i.item })) ?? null,
      requestActor(context.identity, context.requestId),
      new Date(),
    )
    context.loaders.itemsByForm.clear(form.id)
    return form
  },
  setDataLock: async (_root, { input }, context) => {
    const targetId = parseId(input.targetId, 'targetId')
    const scope = await lockScope(context, input.level, targetId)
    // Not found and not readable get the same answer; a reader who may not lock is told why.
    if (!scope || !readsScope(context.identity, scope)) throw forbidden(input.level.toLowerCase(), input.targetId)
    if (!mayLockData(context.identity, scope))
      throw appError(ErrorCodes.FORBIDDEN, 'Only a data manager of the study freezes or locks its data.')
    const state = await setDataLock(
      context.prisma,
      { level: input.level, targetId, studyId: scope.studyId },
      { action: input.action, reason: text(input.reason, 'reason') },
      requestActor(context.identity, context.requestId),
      new Date(),
    )
    return { level: input.level, targetId, state }
  },
  signData,
  publishFormDefinition,
}
