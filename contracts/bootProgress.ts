/**
 * What a subgraph's `/ready` answers (503) while it boots: what it is doing and how far it got. A
 * supervisor (npm start, the end-to-end tests) waits as long as this keeps changing, so a seed
 * that takes minutes on a slow machine is waited for and one that stopped moving is reported.
 */
export interface BootProgress {
  status: 'starting' | 'seeding'
  /** e.g. "opening the database", or the step being seeded: "demo accounts", "lab results". */
  activity: string
  /** Rows of the step written so far, and its total (seeding only). */
  done?: number
  total?: number
}

export function isBootProgress(value: unknown): value is BootProgress {
  if (typeof value !== 'object' || value === null) return false
  const { status, activity, done, total } = value as Record<string, unknown>
  return (
    (status === 'starting' || status === 'seeding') &&
    typeof activity === 'string' &&
    (done === undefined || typeof done === 'number') &&
    (total === undefined || typeof total === 'number')
  )
}

/** "seeding lab results 3000/8000", "starting: opening the database". */
export function describeBootProgress(progress: BootProgress): string {
  const counts = progress.total !== undefined ? ` ${progress.done ?? 0}/${progress.total}` : ''
  return progress.status === 'seeding'
    ? `seeding ${progress.activity}${counts}`
    : `${progress.status}: ${progress.activity}${counts}`
}
