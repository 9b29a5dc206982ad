import type { DataQueryConnectionResolvers, QueryResolvers } from '../generated/graphql'
import type { Identity } from '../../../contracts/identity'
import { forbidden } from '../../../access-policy/forbidden'
import { mayReadFormDefinitions } from '../../../access-policy/dataCapturePolicy'
import { holdsRoleAt, STAFF } from '../../../access-policy/accessPolicy'
import { pageSize } from '../../../platform/pagination'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../forms/timeIdCursor'
import { parseId } from '../../../platform/ids'
import { requireForm } from './formAccess'
import { sdvWorklistPage } from '../sdv/sdvWorklist'

/**
 * The sites of a study whose patient-level EDC data the caller may list (null: every site, a
 * study-level grant), narrowed to `siteId` when given; FORBIDDEN when that leaves nothing.
 */
export function readableSites(identity: Identity | null, studyId: string, siteId: string | null, roles = STAFF) {
  const grants = (identity?.grants ?? []).filter((g) => roles.includes(g.role) && g.studyId === studyId)
  if (siteId) {
    if (!holdsRoleAt(identity, roles, { studyId, siteId })) throw forbidden('site', siteId)
    return [siteId]
  }
  if (grants.length === 0) throw forbidden('study', studyId)
  return grants.some((g) => g.siteId === null) ? null : grants.map((g) => g.siteId!)
}

/** Keyset cursor of a query list: newest first by opening time, then id. */
const queryCursor = (q: { openedAt: Date; id: string }) => encodeTimeIdCursor(q.openedAt, q.id)

export const Query: QueryResolvers = {
  formDefinitions: async (_root, args, { loaders, identity }) => {
    const studyId = parseId(args.studyId, 'studyId')
    if (!mayReadFormDefinitions(identity, studyId)) throw forbidden('study', args.studyId)
    const newest = new Map<string, Awaited<ReturnType<typeof loaders.definitionsByStudy.load>>[number]>()
    for (const row of await loaders.definitionsByStudy.load(studyId)) newest.set(row.formOid, row)
    return [...newest.values()]
  },
  form: (_root, args, context) => requireForm(context, args.id, undefined, 'id'),
  dataQueries: async (_root, args, { prisma, identity }) => {
    const studyId = parseId(args.studyId, 'studyId')
    const sites = readableSites(identity, studyId, args.siteId ? parseId(args.siteId, 'siteId') : null)
    const first = pageSize(args.first, { fallback: 50, max: 200 })
    const after = args.after ? decodeTimeIdCursor(args.after) : null
    const rows = await prisma.dataQuery.findMany({
      where: {
        studyId,
        ...(sites ? { siteId: { in: sites } } : {}),
        ...(args.status?.length ? { status: { in: args.status } } : {}),
        ...(after ? { OR: [{ openedAt: { lt: after.at } }, { openedAt: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    })
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first }
  },
  sdvWorklist: async (_root, args, { prisma, identity }) => {
    const studyId = parseId(args.studyId, 'studyId')
    const sites = readableSites(identity, studyId, args.siteId ? parseId(args.siteId, 'siteId') : null, [
      'MONITOR',
      'DATA_MANAGER',
    ])
    return sdvWorklistPage(prisma, {
      studyId,
      sites,
      first: pageSize(args.first, { fallback: 50, max: 200 }),
      after: args.after ?? null,
    })
  },
}

export const DataQueryConnection: DataQueryConnectionResolvers = {
  edges: (page) => page.rows.map((node) => ({ cursor: queryCursor(node), node })),
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    endCursor: page.rows.length ? queryCursor(page.rows[page.rows.length - 1]!) : null,
  }),
}
