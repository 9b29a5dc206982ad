import type { Kit, Prisma } from '../generated/prisma/client'
import { auditUpdated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { reevaluateLowStock } from '../allocation/stockSignals'

type Tx = Prisma.TransactionClient

/** The kit columns a status change touches: what a Kit's audit rows hold (never an arm). */
const KIT_FIELDS = [
  'status',
  'siteId',
  'depotId',
  'patientId',
  'dispensedAt',
  'dispensedVisitId',
  'returnedAt',
] as const

/**
 * Applies one change to kits read under lock, with one audit row per changed field of each kit,
 * then re-evaluates low stock for every arm of the site(s) touched. Returns the kits as changed.
 */
export async function changeKits(
  tx: Tx,
  actor: AuditActor,
  kits: readonly Kit[],
  change: Partial<Pick<Kit, (typeof KIT_FIELDS)[number]>>,
  reasonForChange: string | null,
  at: Date,
): Promise<Kit[]> {
  if (kits.length === 0) return []
  await tx.kit.updateMany({ where: { id: { in: kits.map((k) => k.id) } }, data: change })
  const changed = kits.map((k) => ({ ...k, ...change }))
  for (const [before, after] of kits.map((k, i) => [k, changed[i]!] as const))
    await auditUpdated(
      tx,
      actor,
      { type: 'Kit', id: before.id },
      { before, after, fields: KIT_FIELDS, reasonForChange },
      at,
    )
  const touched = await tx.kitTreatment.findMany({ where: { kitId: { in: kits.map((k) => k.id) } } })
  const pairs = new Set(
    changed.flatMap((k) => {
      const armId = touched.find((t) => t.kitId === k.id)?.armId
      return k.siteId && armId ? [`${k.siteId}|${armId}`] : []
    }),
  )
  for (const pair of pairs) {
    const [siteId, armId] = pair.split('|') as [string, string]
    await reevaluateLowStock(tx, siteId, armId)
  }
  return changed
}

/** Kits by number within a study, locked for the change (a receipt or dispense never races another). */
export const lockKits = (tx: Tx, studyId: string, kitNumbers: readonly string[]) =>
  tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM kit WHERE study_id = ${studyId}::uuid AND kit_number = ANY(${[...kitNumbers]}::text[]) ORDER BY id FOR UPDATE`.then(
    (rows) => tx.kit.findMany({ where: { id: { in: rows.map((r) => r.id) } } }),
  )
