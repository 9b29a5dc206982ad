import type { Resolvers } from '../generated/graphql'
import { DataQuery, ItemValue, QueryMessage } from './dataQuery'
import { Form } from './form'
import { FormDefinition } from './formDefinition'
import { Mutation } from './mutationRoots'
import { DataQueryConnection, Query } from './queryRoots'
import { SdvWorklistConnection } from './sdvWorklistConnection'
import { Signature } from './signature'
import { AuditEvent } from './auditTrail'
import { Casebook, Patient, Visit } from './visitAndPatient'
import { Site, Study } from './queryCounts'

export const resolvers: Resolvers = {
  Query,
  Mutation,
  FormDefinition,
  Form,
  ItemValue,
  DataQuery,
  QueryMessage,
  DataQueryConnection,
  SdvWorklistConnection,
  Visit,
  Patient,
  Casebook,
  Site,
  Study,
  Signature,
  AuditEvent,
}
