import type { DataQueryResolvers, ItemValueResolvers, QueryMessageResolvers } from '../generated/graphql'
import { forbidden } from '../../../access-policy/forbidden'
import { mayReadCaseReportForms } from '../../../access-policy/dataCapturePolicy'
import { parseId } from '../../../platform/ids'
import { requireForm, subjectOf } from './formAccess'
import { itemAuditTrail, queryAuditTrail } from './auditTrail'

export const DataQuery: DataQueryResolvers = {
  __resolveReference: async (ref, { loaders, identity }) => {
    const query = await loaders.queryById.load(parseId(ref.id))
    if (!query || !mayReadCaseReportForms(identity, subjectOf(query))) throw forbidden('data query', ref.id)
    return query
  },
  formId: (query) => query.formDataId,
  form: (query, _args, context) => requireForm(context, query.formDataId, undefined, 'id'),
  group: (query) => query.groupOid,
  item: (query) => query.itemOid,
  messages: (query, _args, { loaders }) => loaders.messagesByQuery.load(query.id),
  auditTrail: queryAuditTrail,
}

export const QueryMessage: QueryMessageResolvers = {
  authorId: (message) => message.authorUserId,
  at: (message) => message.createdAt,
}

export const ItemValue: ItemValueResolvers = {
  group: (item) => item.groupOid,
  item: (item) => item.itemOid,
  verified: (item) => item.verifiedAt !== null,
  auditTrail: itemAuditTrail,
}
