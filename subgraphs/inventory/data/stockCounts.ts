import type { InventoryPrisma } from './prismaClient'

/**
 * Stock of sites, counted in SQL. "Dispensable" is one definition everywhere (allocation, stock,
 * low-stock signals): AVAILABLE at the site and expiring no earlier than the site's today plus the
 * study's do-not-dispense days.
 */
/** Expiry no earlier than the site's today plus the study's do-not-dispense days (kit k, site s, study st). */
export const OUTSIDE_DO_NOT_DISPENSE_WINDOW_SQL = `k.expires_on >= (now() AT TIME ZONE s.time_zone)::date + st.do_not_dispense_days`
export const DISPENSABLE_SQL = `k.status = 'AVAILABLE' AND ${OUTSIDE_DO_NOT_DISPENSE_WINDOW_SQL}`

export interface ArmCountRow {
  siteId: string
  armId: string
  available: number
  allocated: number
  quarantined: number
}

/** Per site and arm (unblinded callers and the low-stock check only). */
export function armCounts(db: Pick<InventoryPrisma, '$queryRawUnsafe'>, siteIds: readonly string[]) {
  return db.$queryRawUnsafe<ArmCountRow[]>(
    `SELECT k.site_id AS "siteId", t.arm_id AS "armId",
            count(*) FILTER (WHERE ${DISPENSABLE_SQL})::int AS available,
            count(*) FILTER (WHERE k.status = 'ALLOCATED')::int AS allocated,
            count(*) FILTER (WHERE k.status = 'QUARANTINED')::int AS quarantined
       FROM kit k
       JOIN kit_treatment t ON t.kit_id = k.id
       JOIN inventory_site s ON s.site_id = k.site_id
       JOIN inventory_study st ON st.study_id = s.study_id
      WHERE k.site_id = ANY($1::uuid[])
      GROUP BY k.site_id, t.arm_id`,
    [...siteIds],
  )
}

export interface SiteTotalRow {
  siteId: string
  studyId: string
  availableKits: number
  lowStock: boolean
}

/** Totals per site, no arm anywhere in the statement's result (blinded callers). */
export function siteTotals(db: Pick<InventoryPrisma, '$queryRawUnsafe'>, siteIds: readonly string[]) {
  return db.$queryRawUnsafe<SiteTotalRow[]>(
    `SELECT s.site_id AS "siteId", s.study_id AS "studyId",
            (SELECT count(*)::int FROM kit k WHERE k.site_id = s.site_id AND ${DISPENSABLE_SQL}) AS "availableKits",
            EXISTS (SELECT 1 FROM low_stock_signal l WHERE l.site_id = s.site_id AND l.cleared_at IS NULL) AS "lowStock"
       FROM inventory_site s
       JOIN inventory_study st ON st.study_id = s.study_id
      WHERE s.site_id = ANY($1::uuid[])`,
    [...siteIds],
  )
}
