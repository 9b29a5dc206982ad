import type { SiteDashboardQuery } from '../generated/operations'

export type PatientRow = NonNullable<NonNullable<SiteDashboardQuery['site']>['patients']>['edges'][number]['node']

export type SortKey = 'subjectNumber' | 'painScore' | 'abnormalLabs' | 'compliance' | 'nextVisit' | 'openQueries'
export type RowFilter = 'openAlerts' | 'abnormalLabs' | 'missedDiaries'

export const SORT_LABELS: Record<SortKey, string> = {
  subjectNumber: 'Subject',
  painScore: 'Latest pain score',
  abnormalLabs: 'Abnormal labs',
  compliance: 'Diary compliance',
  nextVisit: 'Next visit',
  openQueries: 'Open queries',
}

export const FILTER_LABELS: Record<RowFilter, string> = {
  openAlerts: 'Open alerts',
  abnormalLabs: 'Abnormal labs',
  missedDiaries: 'Missed diaries',
}

// Missing values (a subgraph down, no diary yet) sort last whichever the direction.
const sortValue: Record<SortKey, (row: PatientRow) => string | number | null> = {
  subjectNumber: (r) => r.subjectNumber,
  painScore: (r) => r.latestEproSubmission?.painScore ?? null,
  abnormalLabs: (r) => r.abnormalLabCount ?? null,
  compliance: (r) => r.eproCompliance?.percentage ?? null,
  nextVisit: (r) => r.nextVisit?.scheduledDate ?? null,
  openQueries: (r) => r.casebook?.openQueryCount ?? null,
}

/**
 * Sorting and the three quick filters apply to the page on screen: the dashboard's query pages
 * by subject on the server, and these measures live in three other contexts (ePRO, labs, alerts),
 * which no single subgraph can filter on.
 */
export function arrangeRows(
  rows: readonly PatientRow[],
  sort: { key: SortKey; descending: boolean },
  filters: ReadonlySet<RowFilter>,
  patientsWithOpenAlerts: ReadonlySet<string>,
): PatientRow[] {
  const kept = rows.filter(
    (row) =>
      (!filters.has('openAlerts') || patientsWithOpenAlerts.has(row.id)) &&
      (!filters.has('abnormalLabs') || (row.abnormalLabCount ?? 0) > 0) &&
      (!filters.has('missedDiaries') ||
        (row.eproCompliance?.percentage !== null && (row.eproCompliance?.percentage ?? 100) < 100)),
  )
  const value = sortValue[sort.key]
  return kept.sort((a, b) => {
    const [x, y] = [value(a), value(b)]
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    const order = x < y ? -1 : x > y ? 1 : 0
    return sort.descending ? -order : order
  })
}
