// DataLoader batch functions must answer keys in order, one result per key. These map the rows of
// one `WHERE key IN (...)` statement back onto the keys.

export function byKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>()
  for (const row of rows) map.set(keyOf(row), row)
  return keys.map((key) => map.get(key) ?? null)
}

export function groupByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>()
  for (const row of rows) {
    const key = keyOf(row)
    const list = map.get(key)
    if (list) list.push(row)
    else map.set(key, [row])
  }
  return keys.map((key) => map.get(key) ?? [])
}

/** Serialises a structured loader key (DataLoader compares keys by identity unless given this). */
export const jsonCacheKey = (key: unknown): string => JSON.stringify(key)
