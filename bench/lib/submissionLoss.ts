import type pg from 'pg'
import { eventually } from '../../test/support/eventually'
import type { TargetResult } from './measureTarget'

/** Every accepted entry has its row; every outbox event is published and its alert stored once. */
export async function countLoss(epro: pg.Client, patientIds: string[], acceptedIds: string[], results: TargetResult[]) {
  const count = async (sql: string, ids: string[] = patientIds) => Number((await epro.query(sql, [ids])).rows[0].n)
  const unpublished = await eventually(
    () => count(`SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL AND key = ANY($1::text[])`),
    (n) => n === 0,
    120_000,
    500,
  )
  const outboxEvents = await count(`SELECT count(*) AS n FROM outbox_event WHERE key = ANY($1::text[])`)
  const alertsStored = await eventually(
    () => count(`SELECT count(*) AS n FROM adverse_event_alert WHERE patient_id = ANY($1::uuid[])`),
    (n) => n >= outboxEvents,
    60_000,
    500,
  )
  // Rows may exceed the accepted responses by requests in flight when a window closed.
  const acceptedFound = await count(`SELECT count(*) AS n FROM epro_submission WHERE id = ANY($1::uuid[])`, acceptedIds)
  return {
    'accepted responses': results.reduce((n, r) => n + r.accepted, 0),
    'accepted ids checked': acceptedIds.length,
    'accepted ids with a row': acceptedFound,
    rows: await count(`SELECT count(*) AS n FROM epro_submission WHERE patient_id = ANY($1::uuid[])`),
    'outbox events': outboxEvents,
    'unpublished events': unpublished,
    'alerts stored': alertsStored,
    lost: acceptedIds.length - acceptedFound + unpublished + (outboxEvents - alertsStored),
  }
}
