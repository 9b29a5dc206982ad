import type { Identity } from '../../../contracts/identity'
import { mayReadSite, mayReadStudy } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import type { Site, Study } from '../generated/prisma/client'

// Study and site descriptions hold no patient data, but they are still only for people with a
// role in the study (a patient: their own site); anything else is the same FORBIDDEN as "none".
export function visibleStudy(found: Study | null, identity: Identity | null, key: string): Study {
  if (!found || !mayReadStudy(identity, found.id)) throw forbidden('study', key)
  return found
}

export function visibleSite(found: Site | null, identity: Identity | null, key: string): Site {
  if (!found || !mayReadSite(identity, { studyId: found.studyId, siteId: found.id })) throw forbidden('site', key)
  return found
}
