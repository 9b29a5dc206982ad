import { Lexer, Source, TokenKind } from 'graphql'
import { LRUCache } from 'lru-cache'
import type { RequestPriority } from './loadShedder'

/**
 * Whether a GraphQL request writes (a mutation) or reads, decided before anything else is spent on
 * it: by lexing, not parsing, the document — only the keywords at the top level are looked at —
 * and remembered per document text, so a client's repeated operation costs one map lookup.
 * Anything that does not lex, or names an operation the document lacks, is a read: it will be
 * refused later anyway, and under overload it is the first thing to shed.
 */
const kinds = new LRUCache<string, ReadonlyMap<string | null, string>>({ max: 2000 })

export function requestPriority(body: unknown): RequestPriority {
  if (typeof body !== 'object' || body === null) return 'read'
  const { query, operationName } = body as { query?: unknown; operationName?: unknown }
  if (typeof query !== 'string') return 'read'
  let operations = kinds.get(query)
  if (!operations) kinds.set(query, (operations = topLevelOperations(query)))
  const name = typeof operationName === 'string' ? operationName : null
  const kind = name === null && operations.size === 1 ? [...operations.values()][0] : operations.get(name)
  return kind === 'mutation' ? 'write' : 'read'
}

/** Each operation's name (null when anonymous) and kind; fragments are skipped. */
function topLevelOperations(query: string): ReadonlyMap<string | null, string> {
  const operations = new Map<string | null, string>()
  try {
    const lexer = new Lexer(new Source(query))
    let depth = 0
    // A definition starts the document and follows each top-level selection set's closing brace.
    let definitionStarts = true
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (definitionStarts) {
        definitionStarts = false
        if (token.kind === TokenKind.NAME && token.value !== 'fragment') {
          const name = lexer.lookahead()
          operations.set(name.kind === TokenKind.NAME ? name.value : null, token.value)
        } else if (token.kind === TokenKind.BRACE_L) {
          operations.set(null, 'query') // the query shorthand: `{ ... }`
        }
      }
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.PAREN_L) depth += 1
      else if (token.kind === TokenKind.PAREN_R) depth -= 1
      else if (token.kind === TokenKind.BRACE_R && --depth === 0) definitionStarts = true
    }
  } catch {
    return new Map()
  }
  return operations
}
