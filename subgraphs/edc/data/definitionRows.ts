import type { FormDefinition as FormDefinitionRow } from '../generated/prisma/client'

// The rows themselves are as immutable as their documents: once read, a version is never read again.
const rowById = new Map<string, FormDefinitionRow>()

/**
 * Definition versions by id, from the process's cache, reading only those never read before (one
 * statement for all of them, none when every one is known).
 */
export async function definitionRows(
  ids: readonly string[],
  read: (missing: string[]) => Promise<FormDefinitionRow[]>,
): Promise<(FormDefinitionRow | null)[]> {
  const missing = [...new Set(ids.filter((id) => !rowById.has(id)))]
  if (missing.length) for (const row of await read(missing)) rowById.set(row.id, row)
  return ids.map((id) => rowById.get(id) ?? null)
}
