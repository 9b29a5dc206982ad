import { Link } from 'wouter'
import { useQuery } from 'urql'
import { SiteStockDocument } from '../generated/operations'
import { useActiveSession } from '../app/appServices'
import { hasRole } from '../session/accessGrants'
import { ErrorNotice, Loading, Unavailable } from '../ui/States'
import { errorMessage, failedEntirely } from '../ui/partialData'

/**
 * A site's kit stock (SiteStock): what can be dispensed today and whether any arm is low — which
 * arm is unblinded information, so the per-arm table is asked for by unblinded pharmacists only.
 */
export function SiteStockScreen({ siteId }: { siteId: string }) {
  const unblinded = hasRole(useActiveSession().grants, ['UNBLINDED_PHARMACIST'])
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: SiteStockDocument,
    variables: { siteId, unblinded },
    requestPolicy: 'cache-and-network',
  })
  const retry = () => reexecute({ requestPolicy: 'network-only' })
  if (!data && fetching) return <Loading what="the stock" />
  if (failedEntirely(data, error) || !data?.site)
    return <ErrorNotice title="The stock did not load" message={errorMessage(error)} onRetry={retry} />
  const { site } = data
  const stock = site.stock
  return (
    <section aria-labelledby="stock-title">
      <h1 id="stock-title">Kit stock · site {site.siteNumber}</h1>
      <p>
        {site.name} · <Link href={`/sites/${site.id}`}>back to the site</Link>
      </p>
      {!stock ? (
        <Unavailable what="Stock" reason="the inventory service did not answer" onRetry={retry} />
      ) : (
        <div className="tiles">
          <div className="tile">
            <span className="tile-label">Kits that can be dispensed today</span>
            <span className="tile-value" data-testid="available-kits">
              {stock.availableKits}
            </span>
          </div>
          <div className="tile">
            <span className="tile-label">Low stock</span>
            <span className="tile-value">{stock.lowStock ? 'Yes: an arm is below its threshold' : 'No'}</span>
          </div>
        </div>
      )}
      {stock?.byArm && (
        <div className="table-wrap">
          <table>
            <caption>Per arm (unblinded)</caption>
            <thead>
              <tr>
                <th scope="col">Arm</th>
                <th scope="col">Available</th>
                <th scope="col">Allocated</th>
                <th scope="col">Quarantined</th>
                <th scope="col">Low below</th>
              </tr>
            </thead>
            <tbody>
              {stock.byArm.map((a) => (
                <tr key={a.arm.code} className={a.available < a.threshold ? 'abnormal' : undefined}>
                  <th scope="row">{a.arm.name}</th>
                  <td>{a.available}</td>
                  <td>{a.allocated}</td>
                  <td>{a.quarantined}</td>
                  <td>{a.threshold}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
