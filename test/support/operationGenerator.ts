import fc from 'fast-check'
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  type GraphQLCompositeType,
  type GraphQLSchema,
} from 'graphql'

/**
 * Random client operations over a schema, for differential tests of the gateway's executors:
 * fields picked at random below a root field, with aliases (two aliases of one field with
 * different selections too), `__typename` in odd places, inline fragments on an abstract type's
 * members and on the type itself, and @skip/@include with literals and with variables. Fields that
 * need arguments are left out, apart from the root field's `$id`.
 */
export interface GeneratedOperation {
  query: string
  /** The @skip/@include variables' values (all Boolean). */
  variables: Record<string, boolean>
}

export interface OperationShape {
  /** Levels below the root field. */
  maxDepth: number
  /** Fields picked per selection set, at most. */
  maxFields: number
}

/** Random choices drawn from fast-check's `fc.gen()`, so they replay with the run's seed. */
export interface Draw {
  chance(percent: number): boolean
  below(n: number): number
}

export function drawFrom(g: fc.GeneratorValue): Draw {
  return {
    chance: (percent) => g(fc.integer, { min: 0, max: 99 }) < percent,
    below: (n) => g(fc.integer, { min: 0, max: Math.max(0, n - 1) }),
  }
}

/** An arbitrary of operations `query Generated($id: ID!, ...) { <root>(id: $id) { ... } }`. */
export function operationArbitrary(
  schema: GraphQLSchema,
  rootField: string,
  shape: OperationShape,
): fc.Arbitrary<GeneratedOperation> {
  return fc.gen().map((g) => generateOperation(schema, rootField, shape, drawFrom(g)))
}

function generateOperation(schema: GraphQLSchema, rootField: string, shape: OperationShape, draw: Draw) {
  const field = schema.getQueryType()!.getFields()[rootField]
  if (!field) throw new Error(`no root field ${rootField}`)
  const flags: string[] = []
  const directive = () => {
    if (!draw.chance(20)) return ''
    const name = draw.chance(50) ? 'skip' : 'include'
    if (draw.chance(30)) return ` @${name}(if: ${draw.chance(50)})`
    const flag = `f${flags.length}`
    flags.push(flag)
    return ` @${name}(if: $${flag})`
  }
  const selection = (type: GraphQLCompositeType, depth: number): string => {
    const parts: string[] = []
    if (draw.chance(30)) parts.push(`${draw.chance(30) ? '_tn: ' : ''}__typename`)
    if (isObjectType(type) || 'getFields' in type) {
      const fields = Object.values(type.getFields()).filter((f) => !f.args.some(isRequiredArgument))
      const count = 1 + draw.below(shape.maxFields)
      for (let i = 0; i < count && fields.length > 0; i++) {
        const picked = fields[draw.below(fields.length)]!
        const named = getNamedType(picked.type)
        if (isCompositeType(named) && depth >= shape.maxDepth) continue
        const alias = draw.chance(15) ? `${aliasName(draw, i, picked.name)}: ` : ''
        const inner = isCompositeType(named) ? ` { ${selection(named, depth + 1)} }` : ''
        parts.push(`${alias}${picked.name}${directive()}${inner}`)
      }
    }
    if (isAbstractType(type)) {
      const members = schema.getPossibleTypes(type)
      for (const member of members)
        if (draw.chance(60)) parts.push(`... on ${member.name}${directive()} { ${selection(member, depth + 1)} }`)
    } else if (draw.chance(10)) {
      parts.push(`... on ${type.name}${directive()} { ${selection(type, depth + 1)} }`)
    }
    if (parts.length === 0) parts.push('__typename')
    return parts.join(' ')
  }
  const root = getNamedType(field.type)
  if (!isCompositeType(root)) throw new Error(`${rootField} is not an object field`)
  const idArgument = field.args.find((a) => isNonNullType(a.type) && a.name === 'id') ? '(id: $id)' : ''
  const body = `${rootField}${idArgument} { ${selection(root, 1)} }`
  const definitions = [...(idArgument ? ['$id: ID!'] : []), ...flags.map((f) => `$${f}: Boolean!`)]
  const variables = Object.fromEntries(flags.map((f) => [f, draw.chance(50)]))
  return {
    query: `query Generated${definitions.length ? `(${definitions.join(', ')})` : ''} { ${body} }`,
    variables,
  }
}

/**
 * An alias: mostly one of its own, sometimes the name of a property every JavaScript object
 * inherits, which an answer object must not appear to have before the field is set.
 */
function aliasName(draw: Draw, index: number, field: string): string {
  const inherited = ['constructor', 'toString', 'valueOf', 'hasOwnProperty']
  return draw.chance(25) ? inherited[draw.below(inherited.length)]! : `a${index}_${field}`
}
