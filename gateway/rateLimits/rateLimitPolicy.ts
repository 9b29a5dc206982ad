import type { GraphQLError } from 'graphql'
import { appError } from '../../contracts/errors/errorRegistry'
import { GatewayErrorCodes } from '../errorCodes'
import type { OperationCharge, OperationClass } from './operationCost'
import type { RateLimits, TokenBucketSpec } from './rateLimitSettings'
import { createTokenBucket, type Refusal, type TokenBucket } from './tokenBucket'
import { rateLimited, tokensCharged } from './rateLimitMetrics'

export type LimitScope = 'user' | 'ip' | 'connection' | 'export'
export type LimitClass = OperationClass | 'subscribe'

export interface RateLimitRefusal extends Refusal {
  scope: LimitScope
  limitClass: LimitClass
  spec: TokenBucketSpec
}

export interface Caller {
  /** The signed-in user (null: anonymous). */
  userId: string | null
  /** The client's address as Express resolved it (TRUST_PROXY decides whether X-Forwarded-For counts). */
  clientIp: string | undefined
  /** An export job reading as `userId` (its token's only grant is EXPORT_READER). */
  exportJob?: boolean
}

export type RateLimitPolicy = ReturnType<typeof rateLimitPolicy>

/**
 * Which buckets an operation is charged to. Reads and writes never share a bucket, at either
 * scope: a user (or a whole site behind one address) flooding reporting queries empties only
 * query buckets, and diary submissions keep the full mutation allowance — writes of patient data
 * are the one thing that must not wait for a dashboard.
 * A signed-in caller is charged to their own bucket first, then to their address's looser one; a
 * caller refused by their own bucket is not charged to the address, so one user's flood does not
 * use up what colleagues at the same site share. Anonymous requests (signing in) have no user:
 * they are charged to their address alone. An export job's queries (a job reads as its requester,
 * with a read-only credential) go to an export bucket of the requester's instead of theirs and their
 * address's: an export neither waits on the person's budget nor spends it, and the exports service's
 * one address does not make every job share one bucket.
 */
export function rateLimitPolicy(
  limits: RateLimits,
  bucket: (name: string, spec: TokenBucketSpec) => TokenBucket = createTokenBucket,
) {
  const perUser = {
    query: bucket('user:query', limits.userQueries),
    mutation: bucket('user:mutation', limits.userMutations),
  }
  const perAddress = {
    query: bucket('ip:query', limits.ipQueries),
    mutation: bucket('ip:mutation', limits.ipMutations),
    anonymous: bucket('ip:anonymous', limits.ipAnonymous),
  }
  const perConnection = bucket('connection:subscribe', limits.connectionSubscribes)
  const perExportRequester = bucket('export:query', limits.exportQueries)

  const charge = async (
    scope: LimitScope,
    limitClass: LimitClass,
    from: TokenBucket,
    key: string,
    tokens: number,
  ): Promise<RateLimitRefusal | undefined> => {
    const refusal = await from.take(key, tokens)
    if (!refusal) return undefined
    rateLimited.inc({ scope, class: limitClass })
    return { ...refusal, scope, limitClass, spec: from.spec }
  }

  return {
    objectsPerToken: limits.objectsPerToken,
    /** Undefined when the operation may run, else the refusal (nothing has been executed). */
    async admit(caller: Caller, { operationClass, tokens }: OperationCharge): Promise<RateLimitRefusal | undefined> {
      if (caller.exportJob && caller.userId && operationClass === 'query') {
        const refused = await charge('export', operationClass, perExportRequester, caller.userId, tokens)
        if (refused) return refused
        tokensCharged.inc({ class: operationClass }, tokens)
        return undefined
      }
      if (operationClass !== 'anonymous' && caller.userId) {
        const refused = await charge('user', operationClass, perUser[operationClass], caller.userId, tokens)
        if (refused) return refused
      }
      if (caller.clientIp) {
        const refused = await charge('ip', operationClass, perAddress[operationClass], caller.clientIp, tokens)
        if (refused) return refused
      }
      tokensCharged.inc({ class: operationClass }, tokens)
      return undefined
    },
    /** A subscribe message on a graphql-ws connection (`connectionKey` names the connection). */
    admitSubscribe(connectionKey: string): Promise<RateLimitRefusal | undefined> {
      return charge('connection', 'subscribe', perConnection, connectionKey, 1)
    },
  }
}

const WHAT: Record<LimitClass, string> = {
  query: 'queries',
  mutation: 'changes (mutations)',
  anonymous: 'sign-in requests',
  subscribe: 'subscriptions started',
}
const WHOSE: Record<LimitScope, string> = {
  user: 'for your account',
  ip: 'from your network address',
  connection: 'on this connection',
  export: "for your account's export jobs",
}
const AFTERWORD: Record<LimitClass, string> = {
  query:
    ' A large query counts as several. Changes such as diary submissions have their own limit and are not affected.',
  mutation: ' Queries have their own limit and are not affected.',
  anonymous: '',
  subscribe: ' The connection and its other subscriptions stay open.',
}

/** The RATE_LIMITED error a refused operation is answered with, saying when to try again. */
export function rateLimitedError({ scope, limitClass, spec, retryAfterSeconds }: RateLimitRefusal): GraphQLError {
  const message = `Too many ${WHAT[limitClass]} ${WHOSE[scope]}: the limit is ${spec.perSecond} a second with bursts of ${spec.burst}. Try again in ${retryAfterSeconds} s.${AFTERWORD[limitClass]}`
  return appError(GatewayErrorCodes.RATE_LIMITED, message, { retryAfterSeconds })
}
