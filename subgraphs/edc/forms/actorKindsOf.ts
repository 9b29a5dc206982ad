import type { Identity } from '../../../contracts/identity'
import type { SubjectScope } from '../../../access-policy/accessPolicy'
import { holdsRoleAt } from '../../../access-policy/accessPolicy'
import { mayEnterData, mayReviewQueries } from '../../../access-policy/dataCapturePolicy'
import type { ActorKind } from '../lifecycle/actorKinds'

/** The kinds of EDC actor the caller is for this patient (a person may hold more than one role). */
export function actorKindsOf(identity: Identity | null, subject: SubjectScope): ActorKind[] {
  const kinds: ActorKind[] = []
  if (holdsRoleAt(identity, ['DATA_MANAGER'], subject)) kinds.push('DATA_MANAGER')
  if (mayReviewQueries(identity, subject)) kinds.push('REVIEWER')
  if (mayEnterData(identity, subject)) kinds.push('SITE')
  return kinds
}
