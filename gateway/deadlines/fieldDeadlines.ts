import { Kind, parse, type GraphQLSchema } from 'graphql'
import { apiSchemaOf } from '../../platform/graphql/apiSchema'

/**
 * The `@deadline(ms:)` of every field, read from the composed supergraph (subgraphs carry the
 * directive into it with @composeDirective), plus the API schema to follow field types through a
 * fetch's selections.
 */
export interface FieldDeadlines {
  of(typeName: string, fieldName: string): number | undefined
  readonly schema: GraphQLSchema
  readonly size: number
}

export function readFieldDeadlines(supergraphSdl: string): FieldDeadlines {
  const deadlines = new Map<string, number>()
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'deadline')
      const ms = directive?.arguments?.find((a) => a.name.value === 'ms')?.value
      if (ms?.kind === Kind.INT) deadlines.set(`${definition.name.value}.${field.name.value}`, Number(ms.value))
    }
  }
  return {
    of: (type, field) => deadlines.get(`${type}.${field}`),
    schema: apiSchemaOf(supergraphSdl),
    size: deadlines.size,
  }
}
