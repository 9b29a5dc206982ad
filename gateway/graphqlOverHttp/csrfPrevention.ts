/**
 * Apollo Server's CSRF prevention, with the bearer token counted as proof of a preflight.
 *
 * A cross-site page can make a browser send a "simple" request — a GET, or a POST of a form or
 * `text/plain` — without asking the server first (no CORS preflight). CSRF abuses that with
 * credentials the browser attaches on its own: cookies, or HTTP authentication it has cached.
 * This gateway has neither: a caller is whoever the `Authorization: Bearer <token>` header names,
 * and a browser never attaches that header itself — a page's script must set it, and
 * Authorization is not a CORS-safelisted header, so setting it cross-site forces a preflight that
 * only an origin the gateway allows could pass (it sends no CORS headers: none). A header with
 * any other scheme (e.g. HTTP Basic, which a browser may resend by itself) is refused 401 before
 * Apollo sees it (auth/authenticate.ts).
 *
 * So a request carrying Authorization cannot be a forged cross-site one, and GET queries are
 * served to signed-in callers without Apollo's preflight headers — what the GraphQL-over-HTTP spec
 * expects of a server. Simple requests without it (anonymous: they could only sign in) are still
 * refused 400 unless they carry `apollo-require-preflight` or `x-apollo-operation-name`; a GET
 * never runs a mutation whatever its headers (Apollo Server: 405).
 */
export const csrfPrevention = {
  requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'],
}
