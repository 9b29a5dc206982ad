import type { ReactNode } from 'react'
import type { CombinedError } from '@urql/core'
import { Unavailable } from '../ui/States'
import { fieldError } from '../ui/partialData'

export interface SectionState {
  error: CombinedError | undefined
  retry: () => void
}

/**
 * A panel of the full view. When one of its fields is null because its context failed (the
 * error's path names the field), the panel shows "unavailable — retry" instead of its content.
 */
export function Section({
  title,
  fields,
  services,
  value,
  error,
  retry,
  children,
}: SectionState & {
  title: string
  /** The patient's fields this panel shows; the first one that failed makes it unavailable. */
  fields: readonly string[]
  /** The subgraphs those fields come from: an unreachable one fails the panel. */
  services: readonly string[]
  value: Record<string, unknown>
  children: ReactNode
}) {
  const failed = fields
    .filter((field) => value[field] === null || value[field] === undefined)
    .map((field) => fieldError(error, ['patient', field], services))
    .find(Boolean)
  const id = `panel-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <section className="panel" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      {failed ? <Unavailable what={title} reason={reasonOf(failed.extensions?.code)} onRetry={retry} /> : children}
    </section>
  )
}

function reasonOf(code: unknown): string {
  if (code === 'DEADLINE_EXCEEDED') return 'it took too long to answer'
  if (code === 'SERVICE_UNAVAILABLE') return 'its service is not answering'
  if (code === 'DATABASE_BUSY') return 'its database was too busy'
  if (code === 'FORBIDDEN') return 'not visible to your role'
  return 'it could not be read'
}
