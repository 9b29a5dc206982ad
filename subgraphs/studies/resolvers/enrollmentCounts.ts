import type { EnrollmentCounts } from '../generated/graphql'

/**
 * What a study's or site's counters say (no patient in them): slots taken are reserved or
 * confirmed, so the ones not yet confirmed are enrollments in progress.
 */
export function enrollmentCounts(
  target: number,
  counters: { slotsTaken: number; enrolledCount: number },
): EnrollmentCounts {
  const inProgress = counters.slotsTaken - counters.enrolledCount
  return {
    target,
    enrolled: counters.enrolledCount,
    inProgress,
    remaining: Math.max(0, target - counters.slotsTaken),
  }
}
