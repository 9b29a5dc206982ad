import type { FormResolvers } from '../generated/graphql'
import type { FormData } from '../generated/prisma/client'
import type { EdcContext } from '../context'
import { definitionDocument } from '../forms/definitionDocument'
import { formFacts } from '../forms/formFacts'
import { formStatus } from '../lifecycle/formStatus'
import { lockOf, lockTargetsOf } from '../locks/effectiveLock'
import { requireForm } from './formAccess'
import { coveringSignature } from '../signatures/coveringSignature'
import { formAuditTrail } from './auditTrail'

/** The effective freeze/lock of a form: one batched statement for every form of the request. */
export async function formLock(form: FormData, { loaders }: EdcContext) {
  const rows = (await loaders.locksByTarget.loadMany(lockTargetsOf(form).map(([, id]) => id))).flatMap((r) =>
    r instanceof Error ? [] : r,
  )
  return lockOf(form, rows).state
}

async function definitionOf(form: FormData, { loaders }: EdcContext) {
  const row = await loaders.definitionById.load(form.definitionId)
  if (!row) throw new Error(`form ${form.id} names definition ${form.definitionId}, which is not stored`)
  return row
}

export const Form: FormResolvers = {
  // Entity lookups from other subgraphs' plans, and DataQuery → Form: the same access as Query.form.
  __resolveReference: (ref, context) => requireForm(context, ref.id, undefined, 'id'),
  name: async (form, _args, context) => (await definitionOf(form, context)).name,
  definition: (form, _args, context) => definitionOf(form, context),
  // References: the patients context resolves them, with its own access decision.
  visit: (form) => ({ id: form.visitId }),
  patient: (form) => ({ id: form.patientId }),
  status: async (form, _args, context) => {
    const [definition, items, lock, signatures] = await Promise.all([
      definitionOf(form, context),
      context.loaders.itemsByForm.load(form.id),
      formLock(form, context),
      context.loaders.signaturesByPatient.load(form.patientId),
    ])
    const signature = coveringSignature(form, signatures)
    return formStatus(formFacts(form, definitionDocument(definition), items, lock, signature), false)
  },
  updatedAt: (form) => (form.status === 'NOT_STARTED' ? null : form.updatedAt),
  values: (form, _args, { loaders }) => loaders.itemsByForm.load(form.id),
  openQueryCount: (form, _args, { loaders }) => loaders.openQueryCountByForm.load(form.id),
  queries: (form, _args, { loaders }) => loaders.queriesByForm.load(form.id),
  lock: (form, _args, context) => formLock(form, context),
  auditTrail: formAuditTrail,
}
