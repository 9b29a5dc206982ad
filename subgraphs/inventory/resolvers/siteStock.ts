import type { SiteResolvers, SiteStockResolvers } from '../generated/graphql'
import { mayManageSupply, mayReadSiteStock } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { bareReference } from '../../../platform/ids'
import { armBlinded } from './armBlinded'
import { armStockOfSite } from '../data/armStock'

// Sites belong to the studies context; this one adds their stock. Totals for blinded roles (a
// count per arm would tell which arm the site's subjects take); per arm for pharmacists only.
export const Site: SiteResolvers = {
  __resolveReference: bareReference,
  stock: async (site, _args, { loaders, identity }) => {
    const totals = await loaders.siteTotals.load(site.id)
    if (!totals) return null
    if (!mayReadSiteStock(identity, totals)) throw forbidden("site's stock", site.id)
    return totals
  },
}

export const SiteStock: SiteStockResolvers = {
  byArm: (stock, _args, { prisma, identity }) => {
    if (!mayManageSupply(identity, stock)) throw armBlinded()
    return armStockOfSite(prisma, stock.siteId)
  },
}
