import type { InventoryContext } from '../context'
import { mayManageSupply } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { auditUpdated } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { reevaluateLowStock } from '../allocation/stockSignals'
import { armStockOfSite } from '../data/armStock'
import { changeKits, lockKits } from './kitChanges'

/** A site the caller manages supply of (unblinded pharmacists covering it); FORBIDDEN otherwise. */
async function managedSite(rawId: string, { prisma, identity }: InventoryContext) {
  const siteId = parseId(rawId, 'siteId')
  const site = await prisma.inventorySite.findUnique({ where: { siteId } })
  if (!site || !mayManageSupply(identity, site)) throw forbidden('site', siteId)
  return site
}

/** The pharmacist's decision on quarantined kits: back to stock, or damaged for good. */
export async function releaseQuarantine(
  args: { siteId: string; kitNumbers: readonly string[]; decision: 'RELEASE' | 'DAMAGED'; reason: string },
  context: InventoryContext,
) {
  const site = await managedSite(args.siteId, context)
  if (!args.reason.trim()) throw badInput('reason', '"reason" must say why.')
  const { prisma, identity, requestId } = context
  return prisma.$transaction(async (tx) => {
    const kits = await lockKits(tx, site.studyId, args.kitNumbers)
    const refused = args.kitNumbers.filter(
      (n) => !kits.some((k) => k.kitNumber === n && k.siteId === site.siteId && k.status === 'QUARANTINED'),
    )
    if (refused.length) throw badInput('kitNumbers', `Only quarantined kits of the site: ${refused.join(', ')}.`)
    const status = args.decision === 'RELEASE' ? 'AVAILABLE' : 'DAMAGED'
    return changeKits(tx, requestActor(identity, requestId), kits, { status }, args.reason.trim(), new Date())
  })
}

/** One arm's low-stock threshold at a site (audited), with the signal re-evaluated at once. */
export async function setLowStockThreshold(
  args: { siteId: string; armCode: string; threshold: number },
  context: InventoryContext,
) {
  const site = await managedSite(args.siteId, context)
  if (!Number.isInteger(args.threshold) || args.threshold < 0)
    throw badInput('threshold', '"threshold" must be a whole number of kits, 0 or more.')
  const { prisma, identity, requestId } = context
  const arm = await prisma.arm.findUnique({ where: { studyId_code: { studyId: site.studyId, code: args.armCode } } })
  if (!arm) throw badInput('armCode', '"armCode" must name a treatment of the study.')
  await prisma.$transaction(async (tx) => {
    const key = { siteId: site.siteId, armId: arm.id }
    const before = await tx.stockThreshold.findUnique({ where: { siteId_armId: key } })
    await tx.stockThreshold.upsert({
      where: { siteId_armId: key },
      create: { ...key, threshold: args.threshold },
      update: { threshold: args.threshold },
    })
    const entity = { type: 'StockThreshold', id: `${site.siteId}:${arm.id}` }
    const change = { before: { threshold: before?.threshold ?? null }, after: { threshold: args.threshold } }
    await auditUpdated(tx, requestActor(identity, requestId), entity, change, new Date())
    await reevaluateLowStock(tx, site.siteId, arm.id)
  })
  return (await armStockOfSite(prisma, site.siteId)).find((s) => s.arm.code === arm.code)!
}
