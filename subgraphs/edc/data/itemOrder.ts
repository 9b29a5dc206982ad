const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The order values are listed in: by group, row and item (OIDs compared as written, not by locale). */
export const compareItems = (
  a: { groupOid: string; row: number; itemOid: string },
  b: { groupOid: string; row: number; itemOid: string },
) => byCodeUnit(a.groupOid, b.groupOid) || a.row - b.row || byCodeUnit(a.itemOid, b.itemOid)
