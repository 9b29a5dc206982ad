import type { QueryResolvers } from '../generated/graphql'
import type { LabsContext } from '../context'
import type { LabResult } from '../generated/prisma/client'
import { parseId } from '../../../platform/ids'
import { forbidden } from '../../../access-policy/forbidden'

export const labResult: QueryResolvers['labResult'] = (_parent, args, context) =>
  visibleLabResult(parseId(args.id), context)

/** A result, if the caller may see its subject's data; otherwise — or if there is none — FORBIDDEN. */
export async function visibleLabResult(
  id: string,
  { loaders, subjects }: Pick<LabsContext, 'loaders' | 'subjects'>,
): Promise<LabResult> {
  const found = await loaders.labResultById.load(id)
  // The same answer for "none" and "not yours", naming only the id that was asked for.
  if (!found || !(await subjects.allowed(found.patientId))) throw forbidden('lab result', id)
  return found
}
