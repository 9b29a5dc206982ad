/**
 * Downloads of completed exports. A person asks the exports context for a link (the
 * `exportDownloadLink` mutation): a path on the gateway with a signed token naming the job, its
 * requester and an expiry. The gateway streams the file from the exports context, which alone checks
 * the token and audits the download; the gateway adds nothing but the relay (and its own assertion,
 * so the exports port answers nobody else).
 *
 *   GET <gateway>/exports/download/<token>   →   GET <exports>/downloads/<token>   x-gateway-assertion
 */
export const EXPORT_DOWNLOAD_GATEWAY_PATH = '/exports/download'
export const EXPORT_DOWNLOAD_SUBGRAPH_PATH = '/downloads'
export const EXPORT_DOWNLOAD_SUBGRAPH = 'exports'
/** Headers of the file's answer the gateway passes on to the client. */
export const EXPORT_DOWNLOAD_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'x-content-sha256',
] as const
