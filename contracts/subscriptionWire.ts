/**
 * Fields of the graphql-ws messages between the gateway and a subgraph, beyond the protocol's own.
 * One upstream connection per subgraph carries many users' subscriptions, so identity travels per
 * operation.
 */

/** Where the gateway puts its assertion: in connection_init's payload, and per subscription in `extensions`. */
export const WS_ASSERTION_FIELD = 'gatewayAssertion'

/**
 * Where an event's trace context travels to the gateway, in the `next` payload's `extensions`, so
 * the gateway's work on the event joins the trace that raised it.
 */
export const EVENT_TRACE_FIELD = 'traceContext'
