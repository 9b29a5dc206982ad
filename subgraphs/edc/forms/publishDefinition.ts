import { createHash } from 'node:crypto'
import { formDefinitionSchema, type FormDefinition } from '../definitions/formDefinition'
import { validateFormDefinition } from '../checks/validateFormDefinition'
import { uuidFromName } from '../../../platform/ids'

/** A definition version as stored: immutable, named by its study, OID and version, digested. */
export interface PublishedDefinition {
  id: string
  studyId: string
  formOid: string
  version: number
  name: string
  definition: FormDefinition
  digest: string
}

/**
 * Checks and freezes definition versions for storage: the schema (zod) and what it cannot see
 * (references between items, checks and code lists). A definition that fails is refused whole,
 * naming every problem — a form the site cannot fill in correctly is never published.
 */
export function publishedDefinitions(
  versions: readonly { studyId: string; definition: unknown; version: number }[],
): PublishedDefinition[] {
  return versions.map(({ studyId, definition, version }) => {
    const parsed = formDefinitionSchema.parse(definition)
    const problems = validateFormDefinition(parsed)
    if (problems.length) throw new Error(`form ${parsed.oid} v${version} is not valid: ${problems.join('; ')}`)
    return {
      id: uuidFromName(`edc-definition:${studyId}:${parsed.oid}:${version}`),
      studyId,
      formOid: parsed.oid,
      version,
      name: parsed.name,
      definition: parsed,
      // zod rebuilds the document in its schema's key order: the same definition, the same digest.
      digest: createHash('sha256').update(JSON.stringify(parsed)).digest('hex'),
    }
  })
}
