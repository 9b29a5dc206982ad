import { GRANTS_CHANGED_EXTENSION, type GrantsVersionChange } from '../../../contracts/grantsVersions'

/** What a request's resolvers note of the grants versions they changed. */
export interface GrantsChangeNotes {
  grantsChanged: GrantsVersionChange[]
}

/**
 * Puts the grants versions a request's mutations produced into its response's extensions, for the
 * gateway that sent it (contracts/grantsVersions.ts): it refuses the holder's older tokens from its
 * very next request on, without waiting to ask.
 */
export function grantsChangedExtension(context: GrantsChangeNotes): Record<string, unknown> | undefined {
  return context.grantsChanged.length ? { [GRANTS_CHANGED_EXTENSION]: context.grantsChanged } : undefined
}
