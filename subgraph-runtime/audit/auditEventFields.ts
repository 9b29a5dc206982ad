import DataLoader from 'dataloader'
import { groupByKey } from '../../platform/loaders/batching'

/** An `audit_event` row as every subgraph's generated client reads it. */
export interface StoredAuditEvent {
  sequence: bigint
  entityType: string
  entityId: string
  oldValue: unknown
  newValue: unknown
}

/**
 * The `AuditEvent` fields every subgraph resolves alike: a 64-bit sequence as a decimal string
 * (GraphQL's Int is 32-bit), and old/new values as JSON text (no JSON scalar in this graph).
 */
export const auditEventFields = {
  sequence: (event: StoredAuditEvent) => event.sequence.toString(),
  oldValue: (event: StoredAuditEvent) => jsonText(event.oldValue),
  newValue: (event: StoredAuditEvent) => jsonText(event.newValue),
}

const jsonText = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value)

/**
 * A per-request loader of entities' audit trails: one statement per entity type in a batch, however
 * many entities it names. `read(type, ids)` returns their events in trail order (by sequence).
 */
export function auditTrailLoader<E extends StoredAuditEvent>(
  read: (entityType: string, entityIds: string[]) => Promise<E[]>,
) {
  return new DataLoader<{ type: string; id: string }, E[], string>(
    async (keys) => {
      const trails = new Map<string, E[]>()
      for (const type of new Set(keys.map((k) => k.type))) {
        const ids = [...new Set(keys.filter((k) => k.type === type).map((k) => k.id))]
        groupByKey(ids, await read(type, ids), (e) => e.entityId).forEach((events, i) =>
          trails.set(`${type}:${ids[i]}`, events),
        )
      }
      return keys.map((k) => trails.get(`${k.type}:${k.id}`) ?? [])
    },
    { cacheKeyFn: (k) => `${k.type}:${k.id}` },
  )
}
