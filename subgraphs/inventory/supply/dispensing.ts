import type { InventoryContext } from '../context'
import type { Kit, Prisma } from '../generated/prisma/client'
import { mayHandleKitsAtSite } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { DISPENSABLE_SQL, OUTSIDE_DO_NOT_DISPENSE_WINDOW_SQL } from '../data/stockCounts'
import { InventoryErrorCodes } from '../errorCodes'
import { changeKits, lockKits } from './kitChanges'

type Tx = Prisma.TransactionClient

// Every refusal is one of these fixed sentences: none can carry a treatment.
const notDispensable = () =>
  appError(
    InventoryErrorCodes.KIT_NOT_DISPENSABLE,
    "No kit can be dispensed for this visit: the subject's kit is expired or within the do-not-dispense window, quarantined, or the visit is not the subject's.",
  )
const noKit = () =>
  appError(InventoryErrorCodes.NO_KIT_AVAILABLE, 'No dispensable kit for this subject at the site; request a resupply.')

async function subjectAtHand(patientId: string, { loaders, identity }: InventoryContext) {
  const subject = await loaders.subjectById.load(patientId)
  if (!subject || !mayHandleKitsAtSite(identity, subject)) throw forbidden('patient', patientId)
  return subject
}

/** Whether the subject's allocated kit may still be handed out today at its site. */
const dispensable = async (tx: Tx, kitId: string) =>
  (
    await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT k.id FROM kit k JOIN inventory_site s ON s.site_id = k.site_id JOIN inventory_study st ON st.study_id = s.study_id
        WHERE k.id = $1::uuid AND k.status = 'ALLOCATED' AND ${OUTSIDE_DO_NOT_DISPENSE_WINDOW_SQL}`,
      kitId,
    )
  ).length === 1

/**
 * A kit for the subject at one of their visits: at baseline the kit allocated at randomisation;
 * later the first-expiring dispensable kit of the subject's treatment (SKIP LOCKED, as allocation).
 */
export async function dispenseKit(input: { patientId: string; visitId: string }, context: InventoryContext) {
  const patientId = parseId(input.patientId, 'input.patientId')
  const visitId = parseId(input.visitId, 'input.visitId')
  const subject = await subjectAtHand(patientId, context)
  const { prisma, identity, requestId } = context
  return prisma.$transaction(async (tx) => {
    const visit = await tx.subjectVisit.findUnique({ where: { visitId } })
    if (!visit || visit.patientId !== patientId) throw notDispensable()
    let kit: Kit | undefined
    if (visit.visitType === 'BASELINE') {
      ;[kit] = await lockKits(
        tx,
        subject.studyId,
        (await tx.kit.findMany({ where: { patientId, status: 'ALLOCATED' } })).map((k) => k.kitNumber),
      )
      if (!kit || !(await dispensable(tx, kit.id))) throw notDispensable()
    } else {
      const entry = await tx.randomizationEntry.findUnique({ where: { patientId } })
      if (!entry) throw notDispensable()
      const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT k.id FROM kit k JOIN kit_treatment t ON t.kit_id = k.id
           JOIN inventory_site s ON s.site_id = k.site_id JOIN inventory_study st ON st.study_id = s.study_id
          WHERE k.site_id = $1::uuid AND t.arm_id = $2::uuid AND ${DISPENSABLE_SQL}
          ORDER BY k.expires_on, k.dispense_order LIMIT 1 FOR UPDATE OF k SKIP LOCKED`,
        subject.siteId,
        entry.armId,
      )
      if (!row) throw noKit()
      kit = await tx.kit.findUniqueOrThrow({ where: { id: row.id } })
    }
    const at = new Date()
    const change = { status: 'DISPENSED' as const, patientId, dispensedAt: at, dispensedVisitId: visitId }
    const [changed] = await changeKits(tx, requestActor(identity, requestId), [kit], change, null, at)
    return changed!
  })
}

/** A dispensed kit came back from the subject: RETURNED, never restocked. */
export async function returnKit(
  input: { patientId: string; kitNumber: string; reason: string },
  context: InventoryContext,
) {
  const patientId = parseId(input.patientId, 'input.patientId')
  const subject = await subjectAtHand(patientId, context)
  if (!input.reason.trim()) throw badInput('input.reason', '"input.reason" must say why the kit came back.')
  const { prisma, identity, requestId } = context
  return prisma.$transaction(async (tx) => {
    const [kit] = await lockKits(tx, subject.studyId, [input.kitNumber])
    if (!kit || kit.patientId !== patientId || kit.status !== 'DISPENSED') throw forbidden('kit', input.kitNumber)
    const at = new Date()
    const [changed] = await changeKits(
      tx,
      requestActor(identity, requestId),
      [kit],
      { status: 'RETURNED', returnedAt: at },
      input.reason.trim(),
      at,
    )
    return changed!
  })
}

/** Available kits at a site set aside; they are no longer dispensable (low stock re-evaluated). */
export async function quarantineKits(
  args: { siteId: string; kitNumbers: readonly string[]; reason: string },
  { prisma, identity, requestId }: InventoryContext,
) {
  const siteId = parseId(args.siteId, 'siteId')
  const site = await prisma.inventorySite.findUnique({ where: { siteId } })
  if (!site || !mayHandleKitsAtSite(identity, site)) throw forbidden('site', siteId)
  if (!args.reason.trim()) throw badInput('reason', '"reason" must say why the kits are set aside.')
  return prisma.$transaction(async (tx) => {
    const kits = await lockKits(tx, site.studyId, args.kitNumbers)
    const refused = args.kitNumbers.filter(
      (n) => !kits.some((k) => k.kitNumber === n && k.siteId === siteId && k.status === 'AVAILABLE'),
    )
    if (refused.length)
      throw badInput('kitNumbers', `Only kits available at the site can be quarantined: ${refused.join(', ')}.`)
    const at = new Date()
    return changeKits(tx, requestActor(identity, requestId), kits, { status: 'QUARANTINED' }, args.reason.trim(), at)
  })
}
