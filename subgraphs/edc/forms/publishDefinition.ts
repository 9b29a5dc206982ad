import { createHash } from 'node:crypto'
import type { z } from 'zod'
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

const where = (path: readonly PropertyKey[]) =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('')

const zodProblems = (error: z.ZodError) =>
  error.issues.map((issue) => (issue.path.length ? `${where(issue.path)}: ${issue.message}` : issue.message))

/**
 * Checks a definition document: the schema (zod, unknown keys refused so a misspelt attribute is
 * never silently dropped) and what it cannot see (references between items, checks and code
 * lists). Returns the parsed definition, or one sentence per problem for the person who wrote it.
 */
export function checkDefinition(
  document: unknown,
): { definition: FormDefinition; problems: [] } | { definition: null; problems: string[] } {
  const parsed = formDefinitionSchema.safeParse(document)
  if (!parsed.success) return { definition: null, problems: zodProblems(parsed.error) }
  const problems = validateFormDefinition(parsed.data)
  return problems.length ? { definition: null, problems } : { definition: parsed.data, problems: [] }
}

/** The stored form of a checked definition as version `version` of its form in a study. */
export function publishedDefinition(studyId: string, definition: FormDefinition, version: number): PublishedDefinition {
  return {
    id: uuidFromName(`edc-definition:${studyId}:${definition.oid}:${version}`),
    studyId,
    formOid: definition.oid,
    version,
    name: definition.name,
    definition,
    digest: definitionDigest(definition),
  }
}

/** zod rebuilds the document in its schema's key order: the same definition, the same digest. */
export const definitionDigest = (definition: FormDefinition) =>
  createHash('sha256').update(JSON.stringify(definition)).digest('hex')

/**
 * Checks and freezes definition versions for storage (the seed's path). A definition that fails is
 * refused whole, naming every problem — a form the site cannot fill in correctly is never published.
 */
export function publishedDefinitions(
  versions: readonly { studyId: string; definition: unknown; version: number }[],
): PublishedDefinition[] {
  return versions.map(({ studyId, definition, version }) => {
    const checked = checkDefinition(definition)
    if (!checked.definition)
      throw new Error(`form definition v${version} of study ${studyId} is not valid: ${checked.problems.join('; ')}`)
    return publishedDefinition(studyId, checked.definition, version)
  })
}
