import type { Identity } from '../contracts/identity'
import { holdsRoleAt, SITE_STAFF, type SiteScope } from './accessPolicy'

/**
 * Who may screen subjects at a site and start (or retry) their enrollment (patients context): the
 * site's investigators and CRCs, as the protocol delegates it (ICH E6(R3): the investigator
 * supervises, the delegation log names the CRCs). Monitors, data managers, sponsors and study
 * managers see the outcome, never start it; a patient never enrolls themself.
 */
export const mayScreenOrEnroll = (identity: Identity | null, site: SiteScope) => holdsRoleAt(identity, SITE_STAFF, site)
