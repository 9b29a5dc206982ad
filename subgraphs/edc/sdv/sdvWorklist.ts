import type { EdcPrisma } from '../data/prismaClient'
import type { SdvWorklistPage } from '../data/models'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../forms/timeIdCursor'
import { definitionDocument } from '../forms/definitionDocument'

const cursorOf = (f: { completedAt: Date | null; id: string }) => encodeTimeIdCursor(f.completedAt ?? new Date(0), f.id)

/**
 * The monitor's worklist: completed forms with values not yet verified, the longest-waiting first
 * (by completion), each with how many values — and critical ones — still wait. Three statements a
 * page: the forms, their values, their definitions (cached after the first parse).
 */
export async function sdvWorklistPage(
  prisma: EdcPrisma,
  args: { studyId: string; sites: string[] | null; first: number; after: string | null },
): Promise<SdvWorklistPage> {
  const after = args.after ? decodeTimeIdCursor(args.after) : null
  const forms = await prisma.formData.findMany({
    where: {
      studyId: args.studyId,
      status: 'COMPLETE',
      ...(args.sites ? { siteId: { in: args.sites } } : {}),
      items: { some: { value: { not: null }, verifiedAt: null } },
      ...(after ? { OR: [{ completedAt: { gt: after.at } }, { completedAt: after.at, id: { gt: after.id } }] } : {}),
    },
    include: { definition: true },
    orderBy: [{ completedAt: 'asc' }, { id: 'asc' }],
    take: args.first + 1,
  })
  const page = forms.slice(0, args.first)
  const waiting = await prisma.itemData.findMany({
    where: { formDataId: { in: page.map((f) => f.id) }, value: { not: null }, verifiedAt: null },
    select: { formDataId: true, groupOid: true, itemOid: true },
  })
  const entries = page.map(({ definition, ...form }) => {
    const critical = new Set(
      definitionDocument(definition).itemGroups.flatMap((g) =>
        g.items.filter((i) => i.critical).map((i) => `${g.oid}\u0000${i.oid}`),
      ),
    )
    const mine = waiting.filter((w) => w.formDataId === form.id)
    return {
      form,
      unverifiedCount: mine.length,
      unverifiedCriticalCount: mine.filter((w) => critical.has(`${w.groupOid}\u0000${w.itemOid}`)).length,
      cursor: cursorOf(form),
    }
  })
  return { entries, hasNextPage: forms.length > args.first }
}
