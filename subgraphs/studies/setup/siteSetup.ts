import crypto from 'node:crypto'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditCreated, auditUpdated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { StudiesPrisma } from '../data/prismaClient'
import { StudiesErrorCodes } from '../errorCodes'
import type { Prisma, Site } from '../generated/prisma/client'
import { publishSiteEvent } from './studyEvents'

type Tx = Prisma.TransactionClient

/** The site's row, locked until the transaction ends: changes to one site queue, none is lost. */
async function lockedSite(tx: Tx, siteId: string): Promise<Site> {
  await tx.$queryRaw`SELECT id FROM site WHERE id = ${siteId}::uuid FOR UPDATE`
  return tx.site.findUniqueOrThrow({ where: { id: siteId } })
}

export type NewSite = Pick<
  Site,
  'studyId' | 'siteNumber' | 'name' | 'city' | 'country' | 'timeZone' | 'enrollmentCap' | 'enrollmentTarget'
>

/** A new site of the study, PENDING_ACTIVATION, audited; its number unique within the study. */
export async function addSite(prisma: StudiesPrisma, site: NewSite, actor: AuditActor, at: Date): Promise<Site> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`studies-site:${site.studyId}:${site.siteNumber}`}))`
    const taken = await tx.site.findUnique({
      where: { studyId_siteNumber: { studyId: site.studyId, siteNumber: site.siteNumber } },
      select: { id: true },
    })
    if (taken)
      throw appError(
        StudiesErrorCodes.SITE_NUMBER_TAKEN,
        `The study already has a site ${site.siteNumber}; nothing was stored.`,
      )
    const created = await tx.site.create({
      data: { id: crypto.randomUUID(), ...site, status: 'PENDING_ACTIVATION', activatedAt: null },
    })
    await auditCreated(tx, actor, { type: 'Site', id: created.id }, created, at)
    await publishSiteEvent(tx, 'SiteAdded', created)
    return created
  })
}

/** A pending or on-hold site starts recruiting (activated on `today`, UTC); an active one stays as it is. */
export async function activateSite(prisma: StudiesPrisma, siteId: string, actor: AuditActor, at: Date): Promise<Site> {
  return prisma.$transaction(async (tx) => {
    const before = await lockedSite(tx, siteId)
    if (before.status === 'ACTIVE') return before
    if (before.status === 'CLOSED')
      throw appError(
        StudiesErrorCodes.SITE_TRANSITION_NOT_ALLOWED,
        `Site ${before.siteNumber} is CLOSED; it cannot be activated again.`,
        {
          status: before.status,
        },
      )
    const after = await tx.site.update({
      where: { id: siteId },
      // The first activation date stays: a site back from ON_HOLD was activated before.
      data: { status: 'ACTIVE', activatedAt: before.activatedAt ?? new Date(at.toISOString().slice(0, 10)) },
    })
    await auditUpdated(
      tx,
      actor,
      { type: 'Site', id: siteId },
      { before, after, fields: ['status', 'activatedAt'] },
      at,
    )
    await publishSiteEvent(tx, 'SiteActivated', after)
    return after
  })
}

/**
 * The most slots the site may take, with its reason, audited. Never below the slots already
 * taken: the row is locked, so no reservation slips in between the check and the change (and the
 * CHECK constraint would refuse it anyway).
 */
export async function setSiteEnrollmentCap(
  prisma: StudiesPrisma,
  change: { siteId: string; cap: number; reason: string },
  actor: AuditActor,
  at: Date,
): Promise<Site> {
  return prisma.$transaction(async (tx) => {
    const before = await lockedSite(tx, change.siteId)
    if (change.cap < before.slotsTaken)
      throw appError(
        StudiesErrorCodes.CAP_BELOW_SLOTS_TAKEN,
        `Site ${before.siteNumber} has taken ${before.slotsTaken} enrollment slots; its cap cannot go below that (asked: ${change.cap}).`,
        { slotsTaken: before.slotsTaken },
      )
    if (change.cap === before.enrollmentCap) return before
    const after = await tx.site.update({ where: { id: change.siteId }, data: { enrollmentCap: change.cap } })
    await auditUpdated(
      tx,
      actor,
      { type: 'Site', id: change.siteId },
      { before, after, fields: ['enrollmentCap'], reasonForChange: change.reason },
      at,
    )
    await publishSiteEvent(tx, 'SiteCapChanged', after)
    return after
  })
}
