import { requestPriority } from '../operationPriority'

describe('requestPriority: writes (mutations) are kept, everything else is a read', () => {
  it.each([
    ['a mutation', { query: 'mutation Submit($e: In!) { submitEproEntry(input: $e) { id } }' }, 'write'],
    ['an anonymous mutation', { query: 'mutation { signOut }' }, 'write'],
    ['a query', { query: 'query PatientFullView($id: ID!) { patient(id: $id) { id } }' }, 'read'],
    ['the query shorthand', { query: '{ me { id } }' }, 'read'],
    ['a subscription', { query: 'subscription { alerts { id } }' }, 'read'],
    [
      'the named operation of several',
      { query: 'query A { me { id } } mutation B { signOut }', operationName: 'B' },
      'write',
    ],
    ['the other one', { query: 'query A { me { id } } mutation B { signOut }', operationName: 'A' }, 'read'],
    ['several operations and no name', { query: 'query A { me { id } } mutation B { signOut }' }, 'read'],
    [
      'a mutation after a fragment whose type condition follows `on`',
      { query: 'fragment F on Mutation { signOut } mutation M { ...F }' },
      'write',
    ],
    [
      'variables with an object default value',
      { query: 'mutation M($i: In = { a: { b: 1 } }) @x(y: { z: 2 }) { save(i: $i) { id } }' },
      'write',
    ],
    ['comments and strings that say mutation', { query: '# mutation\nquery Q { f(s: "mutation {") }' }, 'read'],
    ['a document that does not lex', { query: 'mutation M { f(s: "unterminated) }' }, 'read'],
    ['a missing operation name', { query: 'mutation M { x }', operationName: 'N' }, 'read'],
    ['no query', { operationName: 'M' }, 'read'],
    ['a batch', [{ query: 'mutation { x }' }], 'read'],
    ['no body', undefined, 'read'],
  ])('%s', (_case, body, priority) => {
    expect(requestPriority(body)).toBe(priority)
    expect(requestPriority(body)).toBe(priority) // and again, from the cache
  })
})
