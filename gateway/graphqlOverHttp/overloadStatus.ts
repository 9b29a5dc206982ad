import type { ApolloServerPlugin } from '@apollo/server'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'

/**
 * A subgraph that shed a fetch (SERVICE_OVERLOADED) nulls only that fetch's fields, and a read
 * with other fields intact is still a 200 with partial data. But when nothing of the operation
 * came back — a diary submission epro refused at its peak — the client is owed what the gateway's
 * own shedding says: 503 with Retry-After, so apps and load balancers back off and send it again.
 */
export const overloadStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return
        const { data, errors } = response.body.singleResult
        const overloaded = errors?.filter((e) => e.extensions?.code === ErrorCodes.SERVICE_OVERLOADED.code) ?? []
        if (overloaded.length === 0) return
        if (data && Object.values(data).some((value) => value !== null)) return
        const retryAfter = Math.max(
          1,
          ...overloaded.map((e) =>
            typeof e.extensions?.retryAfterSeconds === 'number' ? e.extensions.retryAfterSeconds : 1,
          ),
        )
        response.http.status = ErrorCodes.SERVICE_OVERLOADED.httpStatus
        response.http.headers.set('retry-after', String(retryAfter))
      },
    }
  },
}
