/**
 * Who acts on EDC data, as the lifecycle rules see it. Which person holds which role (per study,
 * per site) is decided by access policy; these rules only say which kind of actor may do what.
 *
 * - SITE: the site's staff (CRC, investigator): enter data, answer queries.
 * - REVIEWER: a monitor (or a data manager acting as reviewer): verify, raise, close and re-open queries.
 * - DATA_MANAGER: a data manager; may do everything a REVIEWER may, and alone freezes and locks.
 */
export const ACTOR_KINDS = ['SITE', 'REVIEWER', 'DATA_MANAGER'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

/** A text a person must give (a query message, a reason for change): present and not just blanks. */
export function hasText(text: string | undefined): boolean {
  return text !== undefined && text.trim().length > 0
}
