import type { FormDefinition as FormDefinitionRow } from '../generated/prisma/client'
import { formDefinitionSchema, type FormDefinition } from '../definitions/formDefinition'

// A stored version never changes (a change is a new version), so its parsed document can be kept
// for the life of the process, keyed by the version's id: no request re-parses a definition.
const parsedById = new Map<string, FormDefinition>()

/** The ODM-shaped document of a stored definition version. */
export function definitionDocument(row: FormDefinitionRow): FormDefinition {
  let parsed = parsedById.get(row.id)
  if (!parsed) {
    parsed = formDefinitionSchema.parse(row.definition)
    parsedById.set(row.id, parsed)
  }
  return parsed
}
