/**
 * One id follows a request through the gateway's and every subgraph's logs and audit rows: every
 * server adopts the id it is given in this header (or makes one) and answers with it, and the
 * gateway sends its own to each subgraph fetch.
 */
export const REQUEST_ID_HEADER = 'x-request-id'

/** An id a caller may choose: short and printable, so it is safe in logs and audit rows. */
export function isAcceptableRequestId(value: string | undefined): value is string {
  return !!value && /^[\w.:-]{1,128}$/.test(value)
}
