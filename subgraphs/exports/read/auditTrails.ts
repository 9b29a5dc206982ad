import type { AuditRecordData, UserMeta } from '../formats/exportModel'
import { userOid } from '../deidentify/deidentifier'
import { ExportReadError, type SupergraphClient } from './supergraphClient'
import { SITE_AUDIT, SUBJECT_AUDIT } from './studyQueries'
import type * as Q from './studyShapes'

/**
 * The audit trails of subjects' form values, read for an export with audit records: a page of
 * subjects per request, or one subject on its own; each value's changes (verification marks are
 * SDV's, not the value's history) and the people who made them.
 */
/** Audit trails keyed by visit, form, group, row and item; the people named in them. */
export interface SubjectAudit {
  records: Map<string, AuditRecordData[]>
  people: Map<string, UserMeta>
}
export const valueKey = (visitId: string, formOid: string, group: string, row: number, item: string) =>
  `${visitId}\u0000${formOid}\u0000${group}\u0000${row}\u0000${item}`

// The trail stores values as JSON; a text value comes back quoted.
function auditValue(json: string | null): string | null {
  if (json === null) return null
  try {
    const parsed: unknown = JSON.parse(json)
    return parsed === null ? null : typeof parsed === 'string' ? parsed : JSON.stringify(parsed)
  } catch {
    return json
  }
}

/** One subject's audit trails, read on their own. */
export async function subjectAudit(client: SupergraphClient, patientId: string): Promise<SubjectAudit> {
  const { patient } = await client.query<Q.SubjectAuditData>(SUBJECT_AUDIT, { patientId })
  if (!patient) throw new ExportReadError('The audit trail of a subject could not be read.')
  return auditOf(patient.visits)
}

/** The audit trails of a page of a site's subjects (the same first/after as its subject page), by patient id: one request. */
export async function pageAudit(
  client: SupergraphClient,
  siteId: string,
  first: number,
  after: string | null,
): Promise<Map<string, SubjectAudit>> {
  const { site } = await client.query<Q.SiteAuditData>(SITE_AUDIT, { siteId, first, after })
  return new Map((site?.patients?.edges ?? []).map(({ node }) => [node.id, auditOf(node.visits)]))
}

function auditOf(visits: Q.AuditedVisits): SubjectAudit {
  const records = new Map<string, AuditRecordData[]>()
  const people = new Map<string, UserMeta>()
  for (const visit of visits) {
    for (const form of visit.forms ?? []) {
      for (const v of form.values) {
        // A value's own changes; verification marks are SDV's, not the value's history.
        const trail = (v.auditTrail ?? []).filter((e) => e.field !== 'verified')
        records.set(
          valueKey(visit.id, form.formOid, v.group, v.row, v.item),
          trail.map((e) => {
            if (e.actor)
              people.set(e.actor.id, {
                oid: userOid(e.actor.id),
                displayName: e.actor.displayName,
                givenName: e.actor.givenName,
                familyName: e.actor.familyName,
                // Contact details are not trial data: an export names who acted, not how to reach
                // them (and an export job's credential may not read them).
                email: null,
                organization: e.actor.organization,
              })
            return {
              userOid: e.actor ? userOid(e.actor.id) : null,
              siteOid: '',
              occurredAt: e.occurredAt,
              operation: e.operation,
              oldValue: auditValue(e.oldValue),
              newValue: auditValue(e.newValue),
              reasonForChange: e.reasonForChange,
            }
          }),
        )
      }
    }
  }
  return { records, people }
}
