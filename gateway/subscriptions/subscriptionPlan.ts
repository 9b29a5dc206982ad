import { operationFromDocument } from '@apollo/federation-internals'
import type { FetchNode, PlanNode, QueryPlan } from '@apollo/query-planner'
import type { DocumentNode } from 'graphql'
import { buildOperationContext } from '@apollo/gateway'
import { compiledOperation, type CompiledOperation } from '../planExecution/compiledExecutor'
import type { FederationModel } from '../planExecution/federationModel'

/** A planned federated subscription: the primary fetch opens the event stream, `rest` completes each event. */
export interface PlannedSubscription {
  primary: FetchNode
  /** Primary then rest, as one plan the gateway's executor runs per event, compiled with its shape. */
  perEvent: CompiledOperation
}

/**
 * Plans subscriptions with the same planner the gateway uses for queries. @apollo/query-planner
 * returns a SubscriptionNode { primary, rest }; executing it is ours to do (the gateway's executor
 * refuses subscriptions).
 */
export class SubscriptionPlanner {
  /** Plans by operation text: a thousand CRCs subscribing with the same document plan once. */
  private readonly plans = new Map<string, PlannedSubscription>()
  private static readonly PLAN_CACHE_SIZE = 500

  /** The schemas and the planner it plans with, shared with the query executor. */
  constructor(readonly model: FederationModel) {}

  /** `query` is the printed document (the cache key). */
  plan(document: DocumentNode, query: string, operationName: string | undefined): PlannedSubscription {
    const key = `${operationName ?? ''}\n${query}`
    const cached = this.plans.get(key)
    if (cached) return cached
    const planned = this.buildPlan(document, operationName)
    if (this.plans.size >= SubscriptionPlanner.PLAN_CACHE_SIZE) this.plans.delete(this.plans.keys().next().value!)
    this.plans.set(key, planned)
    return planned
  }

  private buildPlan(document: DocumentNode, operationName: string | undefined): PlannedSubscription {
    const operation = operationFromDocument(this.model.apiSchema, document, { operationName })
    const plan = this.model.planner.buildQueryPlan(operation)
    const node = plan.node
    if (!node || node.kind !== 'Subscription') throw new Error('not a subscription plan')
    const nodes: PlanNode[] = [node.primary, ...(node.rest ? [node.rest] : [])]
    const perEventPlan: QueryPlan = { kind: 'QueryPlan', node: { kind: 'Sequence', nodes } }
    const operationContext = buildOperationContext({
      schema: this.model.apiGraphQLSchema,
      operationDocument: document,
      operationName,
    })
    return { primary: node.primary, perEvent: compiledOperation(this.model.apiSchema, operationContext, perEventPlan) }
  }
}
