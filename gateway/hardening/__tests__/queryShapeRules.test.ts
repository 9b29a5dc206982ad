import fs from 'node:fs'
import path from 'node:path'
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql'
import { apiSchemaOf } from '../../../platform/graphql/apiSchema'
import { DEFAULT_OPERATION_LIMITS } from '../../config'
import { LIMIT_CODES, type OperationLimits } from '../operationLimits'
import { queryShapeRules } from '../queryShapeRules'

const root = path.join(__dirname, '..', '..', '..')
const schema = apiSchemaOf(fs.readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8'))
const operationsDir = path.join(root, 'schema', 'operations')
const committedOperations = fs.readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'))

function errorsOf(document: string, limits: Partial<OperationLimits> = {}) {
  return validate(schema, parse(document), [
    ...specifiedRules,
    ...queryShapeRules({ ...DEFAULT_OPERATION_LIMITS, ...limits }),
  ])
}

/** patient { labResults { patient { ... { id } } } }: a valid operation `levels` fields deep. */
function nested(levels: number): string {
  let opened = ''
  for (let level = 2; level < levels; level += 1) opened += level % 2 === 0 ? 'labResults { ' : 'patient { '
  return `{ patient(id: "p") { ${opened}id${' }'.repeat(levels - 2)} } }`
}

describe('the committed operations pass the default limits', () => {
  it.each([...committedOperations, 'the introspection query'])('%s', (name) => {
    const document = name.endsWith('.graphql')
      ? fs.readFileSync(path.join(operationsDir, name), 'utf8')
      : getIntrospectionQuery()
    expect(errorsOf(document)).toEqual([])
  })
})

const limitOf = {
  QUERY_TOO_DEEP: 'depth',
  TOO_MANY_ALIASES: 'aliases',
  TOO_MANY_ROOT_FIELDS: 'rootFields',
  TOO_MANY_DIRECTIVES: 'directives',
  QUERY_TOO_COMPLEX: 'cost',
} as const

describe('queryShapeRules', () => {
  const aliases = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: patient(id: "p") { id }`).join(' ')} }`
  const directives = (n: number) =>
    `{ patient(id: "p") { ${Array.from({ length: n }, () => 'id @include(if: true)').join(' ')} } }`
  it.each<[string, string, Partial<OperationLimits>, string, RegExp]>([
    ['depth 50', nested(50), {}, 'QUERY_TOO_DEEP', /^Query depth limit of 12 exceeded, found 50\.$/],
    ['depth 13', nested(13), {}, 'QUERY_TOO_DEEP', /^Query depth limit of 12 exceeded, found 13\.$/],
    ['31 aliases', aliases(31), { rootFields: 100 }, 'TOO_MANY_ALIASES', /^Aliases limit of 30 exceeded, found 31\.$/],
    [
      '11 root fields',
      aliases(11),
      { aliases: 100 },
      'TOO_MANY_ROOT_FIELDS',
      /^Root fields limit of 10 exceeded, found 11\.$/,
    ],
    ['51 directives', directives(51), {}, 'TOO_MANY_DIRECTIVES', /^Directives limit of 50 exceeded, found 51\.$/],
    [
      'cost over a lowered limit',
      nested(8),
      { cost: 20 },
      'QUERY_TOO_COMPLEX',
      /^Query Cost limit of 20 exceeded, found [\d.]+\.$/,
    ],
  ])('%s', (_label, document, limits, code, message) => {
    const errors = errorsOf(document, limits)
    // Only limit errors (the operations are otherwise valid); a deep one is also costly.
    for (const error of errors) expect(LIMIT_CODES).toContain(error.extensions.code)
    const error = errors.find((e) => e.extensions.code === code)
    expect(error?.message).toMatch(message)
    expect(error?.extensions.limit).toBe(
      { ...DEFAULT_OPERATION_LIMITS, ...limits }[limitOf[code as keyof typeof limitOf]],
    )
  })

  it.each<[string, string]>([
    ['depth 12', nested(12)],
    [
      '30 aliases, 10 of them at the root',
      `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: patient(id: "p") { x: id y: labResults { id } }`).join(' ')} }`,
    ],
    ['50 directives', directives(50)],
  ])('accepts %s (at the limit)', (_label, document) => {
    expect(errorsOf(document)).toEqual([])
  })

  it('reports every limit an operation breaks, not just the first', () => {
    const codes = errorsOf(aliases(100)).map((e) => e.extensions.code)
    expect(codes).toEqual(expect.arrayContaining(['TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS']))
  })
})
