import { parse, GraphQLError } from 'graphql'
import {
  abortCountsAgainstSubgraph,
  countsAgainstSubgraph,
  describeFailure,
  failureOfThrown,
  isTransient,
  type FetchFailure,
} from '../fetchFailure'
import { isIdempotentFetch } from '../fetchIdempotency'
import { errors as undiciErrors } from 'undici'

// How a failed subgraph fetch is read: which failures open the breaker, which are retried.

/** What undici's fetch throws when the connection fails. */
const connectionError = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) })
/** What postToSubgraph throws for a non-2xx answer (subgraphRequest.test.ts checks it). */
const httpError = (status: number) => new GraphQLError(`${status}: status`, { extensions: { response: { status } } })

describe('failureOfThrown', () => {
  it.each<[string, unknown, FetchFailure]>([
    ['refused connection', connectionError('ECONNREFUSED'), { kind: 'connection', code: 'ECONNREFUSED' }],
    [
      'a host with several addresses, all refused',
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}),
      }),
      { kind: 'connection', code: 'ECONNREFUSED' },
    ],
    ['socket closed mid-response', connectionError('UND_ERR_SOCKET'), { kind: 'connection', code: 'UND_ERR_SOCKET' }],
    // undici's request API (the gateway's subgraph client) throws the socket error itself.
    [
      'refused connection (undici request)',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', errno: -111 }),
      { kind: 'connection', code: 'ECONNREFUSED' },
    ],
    [
      'socket closed mid-response (undici request)',
      new undiciErrors.SocketError('other side closed'),
      { kind: 'connection', code: 'UND_ERR_SOCKET' },
    ],
    ['aborted without a reason (undici request)', new undiciErrors.RequestAbortedError(), { kind: 'timeout' }],
    ['HTTP 503', httpError(503), { kind: 'http', status: 503 }],
    [
      'HTTP 503 SERVICE_OVERLOADED: the subgraph shed it',
      new GraphQLError('503: Service Unavailable', {
        extensions: {
          response: {
            status: 503,
            body: {
              errors: [{ message: 'overloaded', extensions: { code: 'SERVICE_OVERLOADED', retryAfterSeconds: 2 } }],
            },
          },
        },
      }),
      { kind: 'overloaded', retryAfterSeconds: 2 },
    ],
    [
      'HTTP 503 with another code',
      new GraphQLError('503: Service Unavailable', {
        extensions: { response: { status: 503, body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } } },
      }),
      { kind: 'http', status: 503 },
    ],
    ['HTTP 400', httpError(400), { kind: 'http', status: 400 }],
    ['the fallback timeout', new DOMException('subgraph timeout', 'TimeoutError'), { kind: 'timeout' }],
    [
      'a body that is not JSON',
      new Error('Expected JSON response body, but received: <html>'),
      { kind: 'other', message: 'Expected JSON response body, but received: <html>' },
    ],
  ])('%s', (_label, error, expected) => {
    expect(failureOfThrown(error)).toEqual(expected)
  })

  it('describes failures for logs and messages', () => {
    expect(describeFailure(failureOfThrown(connectionError('ECONNREFUSED')))).toBe('ECONNREFUSED')
    expect(describeFailure(failureOfThrown(httpError(502)))).toBe('HTTP 502')
    expect(describeFailure({ kind: 'timeout' })).toBe('timed out')
  })
})

describe('what counts against a subgraph and what is retried', () => {
  it.each<[FetchFailure, boolean, boolean]>([
    [{ kind: 'connection', code: 'ECONNREFUSED' }, true, true],
    [{ kind: 'connection', code: 'ECONNRESET' }, true, true],
    [{ kind: 'connection', code: 'ENOTFOUND' }, true, false],
    [{ kind: 'http', status: 502 }, true, true],
    [{ kind: 'http', status: 503 }, true, true],
    [{ kind: 'http', status: 504 }, true, true],
    [{ kind: 'http', status: 500 }, true, false],
    [{ kind: 'http', status: 400 }, false, false],
    [{ kind: 'http', status: 401 }, false, false],
    [{ kind: 'timeout' }, true, false],
    [{ kind: 'other', message: 'bad body' }, false, false],
    // Shedding is the subgraph protecting itself: neither its fault nor worth repeating.
    [{ kind: 'overloaded', retryAfterSeconds: 1 }, false, false],
  ])('%j: counts %s, retried %s', (failure, counts, transient) => {
    expect(countsAgainstSubgraph(failure)).toBe(counts)
    expect(isTransient(failure)).toBe(transient)
  })

  it('counts a deadline abort only when the subgraph had a fair chance; a client leaving never counts', () => {
    expect(abortCountsAgainstSubgraph('deadline', 780, 200)).toBe(true)
    expect(abortCountsAgainstSubgraph('deadline', 80, 200)).toBe(false)
    expect(abortCountsAgainstSubgraph('client-closed', 3000, 200)).toBe(false)
  })
})

describe('isIdempotentFetch', () => {
  it.each([
    [
      'a query document',
      parse('query Q__labs__1($r: [_Any!]!) { _entities(representations: $r) { __typename } }'),
      undefined,
      true,
    ],
    ['a mutation document', parse('mutation M__epro__0 { submitDiaryEntry(input: {}) { id } }'), undefined, false],
    [
      'query text (subscription follow-up fetch)',
      undefined,
      'query Sub__labs__1($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      true,
    ],
    ['shorthand query text', undefined, '{ studies { id } }', true],
    ['mutation text', undefined, 'mutation { acknowledgeAlert(id: "a") { id } }', false],
    ['no text at all', undefined, undefined, false],
  ])('%s', (_label, document, query, expected) => {
    expect(isIdempotentFetch(document, query)).toBe(expected)
  })
})
