import net from 'node:net'
import { z } from 'zod'

/** Express's "trust proxy": false, a number of proxy hops, or a list of proxy addresses/subnets. */
export type TrustProxy = false | number | string[]

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/**
 * TRUST_PROXY: whose X-Forwarded-For the gateway believes when it takes the client's address (for
 * the per-address rate limits). Unset: nobody's, the peer of the socket is the client — a header
 * any client can write must not pick the bucket it is charged to. Behind a load balancer: the
 * number of proxies in front of the gateway (`1`), or their addresses or subnets
 * (`10.0.0.0/8,loopback`), so that Express reads the address the nearest trusted proxy saw.
 * `true` (trust every hop) is refused: the client would choose its own address.
 */
export const trustProxyVariable = z
  .string()
  .optional()
  .transform((value, context): TrustProxy => {
    const text = value?.trim() ?? ''
    if (text === '' || text === 'false') return false
    if (/^\d+$/.test(text)) return Number(text)
    const entries = text.split(',').map((e) => e.trim())
    const wrong = entries.filter((e) => !PROXY_NAMES.includes(e) && !isAddressOrSubnet(e))
    if (text === 'true' || wrong.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `expected a number of proxies or a comma-separated list of proxy addresses/subnets (or ${PROXY_NAMES.join(', ')}); got "${text}"`,
      })
      return z.NEVER
    }
    return entries
  })

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/')
  if (rest.length > 0 || !address) return false
  const version = net.isIP(address)
  if (version === 0) return false
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
}
