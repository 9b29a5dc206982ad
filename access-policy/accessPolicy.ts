import type { Grant, Identity, Role } from '../contracts/identity'

/**
 * Who may see and do what, decided from the caller's grants alone (pure; every subgraph asks the
 * same questions with its own data). Roles are held per study, optionally narrowed to a site:
 * - investigators and CRCs: their sites' patients, in full; they enter diaries and handle alerts;
 * - data managers and monitors: their study's patients (or their site's, if narrowed), read only,
 *   and the audit trail;
 * - sponsors: blinded — descriptions of their studies and sites and aggregates, never a patient;
 * - a patient: their own record and diary, and their own site and study;
 * - study managers: the set-up of their study (every study, if organisation-level: no study) and
 *   its aggregates, never a patient (studySetupPolicy.ts);
 * - an export job (EXPORT_READER, one study, never a person's role: contracts/exportCredential.ts):
 *   what an export reads of its study — reads as a study-level data manager, but never a contact
 *   detail, never a treatment arm, and never writes anything.
 */
export interface SiteScope {
  studyId: string
  siteId: string
}
export interface SubjectScope extends SiteScope {
  patientId: string
}

export const SITE_STAFF: readonly Role[] = ['INVESTIGATOR', 'CRC']
export const STUDY_STAFF: readonly Role[] = ['DATA_MANAGER', 'MONITOR']
export const STAFF: readonly Role[] = [...SITE_STAFF, ...STUDY_STAFF]
/**
 * Who reads patient-level data without being anyone's colleague or care team: staff, and export
 * jobs (EXPORT_READER). Only read rules list it; no write rule does, nor mayReadContactDetails.
 */
export const PATIENT_DATA_READERS: readonly Role[] = [...STAFF, 'EXPORT_READER']

const coversSite = (g: Grant, s: SiteScope) => g.studyId === s.studyId && (g.siteId === null || g.siteId === s.siteId)
const any = (identity: Identity | null, roles: readonly Role[], test: (g: Grant) => boolean) =>
  !!identity?.grants.some((g) => roles.includes(g.role) && test(g))

/** Whether the caller holds one of `roles` covering the site (a study-level grant covers every site). */
export const holdsRoleAt = (identity: Identity | null, roles: readonly Role[], site: SiteScope) =>
  any(identity, roles, (g) => coversSite(g, site))

/** Patient-level data (record, visits, diary, labs, alerts): staff, export jobs, the patient. */
export function mayReadSubject(identity: Identity | null, subject: SubjectScope): boolean {
  return any(identity, PATIENT_DATA_READERS, (g) => coversSite(g, subject)) || mayActAsPatient(identity, subject)
}

/** The patient themselves. */
export function mayActAsPatient(identity: Identity | null, subject: SubjectScope): boolean {
  return any(identity, ['PATIENT'], (g) => g.patientId === subject.patientId)
}

/** Diary entries: the patient, or the site's CRC or investigator entering on their behalf. */
export function mayWriteDiary(identity: Identity | null, subject: SubjectScope): boolean {
  return mayActAsPatient(identity, subject) || any(identity, SITE_STAFF, (g) => coversSite(g, subject))
}

/** Patient lists and alert feeds of a site (reading them): its staff, the study's staff and export jobs. */
export function mayWatchSite(identity: Identity | null, site: SiteScope): boolean {
  return any(identity, PATIENT_DATA_READERS, (g) => coversSite(g, site))
}

/** Acknowledging a site's alerts: its CRCs and investigators. */
export function mayAcknowledgeAlerts(identity: Identity | null, site: SiteScope): boolean {
  return any(identity, SITE_STAFF, (g) => coversSite(g, site))
}

/** An organisation-level study manager (no study): sets up, and so describes, every study. */
const isOrganisationStudyManager = (g: Grant) => g.role === 'STUDY_MANAGER' && g.studyId === null

/** A study's description and its sites' (no patient data): anyone with a role in it; a patient only their own site. */
export function mayReadStudy(identity: Identity | null, studyId: string): boolean {
  return !!identity?.grants.some((g) => g.studyId === studyId || isOrganisationStudyManager(g))
}
export function mayReadSite(identity: Identity | null, site: SiteScope): boolean {
  return !!identity?.grants.some(
    (g) =>
      (g.studyId === site.studyId && (g.role !== 'PATIENT' || g.siteId === site.siteId)) ||
      isOrganisationStudyManager(g),
  )
}

/**
 * Aggregates (counts) of a study or site: staff, sponsors and study managers of the study, and
 * export jobs (whatever they count, they read row by row anyway).
 */
const AGGREGATE_READERS: readonly Role[] = [...PATIENT_DATA_READERS, 'SPONSOR', 'STUDY_MANAGER']
export function mayReadAggregates(identity: Identity | null, site: SiteScope): boolean {
  return (
    any(identity, AGGREGATE_READERS, (g) => coversSite(g, site)) || !!identity?.grants.some(isOrganisationStudyManager)
  )
}

/** Aggregates of a whole study (all its sites): the same roles, with a grant for the whole study. */
export function mayReadStudyAggregates(identity: Identity | null, studyId: string): boolean {
  return (
    any(identity, AGGREGATE_READERS, (g) => g.studyId === studyId && g.siteId === null) ||
    !!identity?.grants.some(isOrganisationStudyManager)
  )
}

/** Where an audited record belongs: its study and, when it has one, its site. */
export interface AuditScope {
  studyId: string
  siteId: string | null
}

/**
 * An audit trail: the data managers and monitors of the record's study, and its export jobs (an
 * export carries the trail: ODM AuditRecords) — a grant narrowed to a site covers that site's
 * records only (a trail carries the record's values), so a record without a site needs a
 * study-level grant. A user record may belong to several scopes.
 */
const AUDIT_READERS: readonly Role[] = [...STUDY_STAFF, 'EXPORT_READER']
export function mayReadAuditTrail(identity: Identity | null, scopes: readonly AuditScope[]): boolean {
  return any(
    identity,
    AUDIT_READERS,
    (g) =>
      g.studyId !== null && scopes.some((s) => s.studyId === g.studyId && (g.siteId === null || g.siteId === s.siteId)),
  )
}

/** A role someone holds, as the contact-details rule needs it. */
export interface HeldRole {
  role: Role
  studyId: string | null
  siteId: string | null
}

/**
 * A person's email and phone: the person themselves; staff (investigators, CRCs, data managers,
 * monitors) holding a role in one of the person's studies — colleagues; and a patient's own care
 * team, the investigators and CRCs of the patient's site. Sponsors work with the study, not with
 * its people, and a patient has no business with other sites' staff: their names, yes, their
 * contact details, no. An export job (EXPORT_READER) is nobody's colleague: names only. A patient
 * account's contact details are the patient's alone.
 */
export function mayReadContactDetails(
  identity: Identity | null,
  person: { userId: string; roles: readonly HeldRole[] },
): boolean {
  if (!identity) return false
  if (identity.userId === person.userId) return true
  if (person.roles.some((r) => r.role === 'PATIENT')) return false
  const colleague = any(identity, STAFF, (g) => person.roles.some((r) => r.studyId !== null && r.studyId === g.studyId))
  const careTeam = any(identity, ['PATIENT'], (g) =>
    person.roles.some(
      (r) => SITE_STAFF.includes(r.role) && r.studyId === g.studyId && r.siteId !== null && r.siteId === g.siteId,
    ),
  )
  return colleague || careTeam
}

/** Studies the caller holds any role in (for lists). */
export function studiesOf(identity: Identity | null): Set<string> {
  return new Set((identity?.grants ?? []).flatMap((g) => (g.studyId ? [g.studyId] : [])))
}
