import type {
  AuditEventResolvers,
  DataQueryResolvers,
  FormResolvers,
  ItemValueResolvers,
  SignatureResolvers,
} from '../generated/graphql'
import type { EdcContext } from '../context'
import { auditEventFields } from '../../../subgraph-runtime/audit/auditEventFields'
import { auditTrailForbidden, mayReadAuditTrail } from '../../../access-policy/auditAccess'

// Audit trails of this context's records, for the study's data managers and monitors (21 CFR
// 11.10(e): the trail is available for review). Anyone else gets null with FORBIDDEN.

export const AuditEvent: AuditEventResolvers = {
  ...auditEventFields,
  // The users context resolves the person; null when no user acted (the system, an edit check).
  actor: (event) => (event.actorUserId ? { id: event.actorUserId } : null),
}

async function trail(
  { identity, loaders }: EdcContext,
  scope: { studyId: string; siteId: string },
  type: string,
  id: string,
) {
  if (!mayReadAuditTrail(identity, [scope])) throw auditTrailForbidden()
  return loaders.auditTrail.load({ type, id })
}

export const formAuditTrail: FormResolvers['auditTrail'] = (form, _args, context) =>
  trail(context, form, 'FormData', form.id)

export const itemAuditTrail: ItemValueResolvers['auditTrail'] = async (item, _args, context) => {
  const form = await context.loaders.formDataById.load(item.formDataId)
  if (!form) throw auditTrailForbidden()
  return trail(context, form, 'ItemData', item.id)
}

export const queryAuditTrail: DataQueryResolvers['auditTrail'] = (query, _args, context) =>
  trail(context, query, 'DataQuery', query.id)

export const signatureAuditTrail: SignatureResolvers['auditTrail'] = (signature, _args, context) =>
  trail(context, signature, 'Signature', signature.id)
