import type { ApolloServerPlugin } from '@apollo/server'
import { requestLogFields } from './logContext'

/** Tells the request's log fields its operation name as soon as it is known, and its outcome. */
export function requestLogPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          const fields = requestLogFields()
          if (fields) fields.operation = operationName ?? 'anonymous'
        },
        async willSendResponse({ operationName, response }) {
          const fields = requestLogFields()
          if (!fields) return
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined
          fields.operation ??= operationName ?? 'anonymous'
          fields.outcome = errors?.length ? 'error' : 'ok'
          if (errors?.length) fields.errorCodes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))]
        },
      }
    },
  }
}
