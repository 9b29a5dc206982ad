import type { Identity } from '../contracts/identity'
import { holdsRoleAt, PATIENT_DATA_READERS, SITE_STAFF, type SiteScope, type SubjectScope } from './accessPolicy'

/**
 * Who may do what with case report form data (the EDC), from the caller's grants alone:
 * - CRCs and investigators enter data and answer queries for their sites' patients;
 * - monitors verify source data and raise queries for their study (or their sites);
 * - data managers raise and close queries, freeze and lock; monitors close queries too;
 * - only an investigator of the patient's site signs;
 * - sponsors see form definitions, never patient-level data; patients see none of it;
 * - export jobs (EXPORT_READER) read forms, values and definitions of their study, and do nothing else.
 */

/** A patient's forms, values and queries: staff of the site and of the study, and export jobs; never patients or sponsors. */
export const mayReadCaseReportForms = (identity: Identity | null, subject: SubjectScope) =>
  holdsRoleAt(identity, PATIENT_DATA_READERS, subject)

/** Entering and changing values, answering queries: the site's CRCs and investigators. */
export const mayEnterData = (identity: Identity | null, subject: SubjectScope) =>
  holdsRoleAt(identity, SITE_STAFF, subject)

/** Source data verification: the study's monitors (a site-narrowed monitor: that site). */
export const mayVerifySourceData = (identity: Identity | null, subject: SubjectScope) =>
  holdsRoleAt(identity, ['MONITOR'], subject)

/** Raising, closing and re-opening queries: data managers and monitors (ICH E6(R3): review is theirs). */
export const mayReviewQueries = (identity: Identity | null, subject: SubjectScope) =>
  holdsRoleAt(identity, ['DATA_MANAGER', 'MONITOR'], subject)

/**
 * Freezing and locking: data managers. A whole study only with a study-level grant — a data
 * manager narrowed to one site cannot lock other sites' data.
 */
export function mayLockData(identity: Identity | null, scope: SiteScope | { studyId: string; siteId: null }) {
  if (scope.siteId === null)
    return !!identity?.grants.some((g) => g.role === 'DATA_MANAGER' && g.studyId === scope.studyId && g.siteId === null)
  return holdsRoleAt(identity, ['DATA_MANAGER'], scope)
}

/**
 * Publishing form definitions (study build): data managers with a grant for the whole study — the
 * forms are the study's, not a site's.
 */
export const mayPublishFormDefinitions = (identity: Identity | null, studyId: string) =>
  !!identity?.grants.some((g) => g.role === 'DATA_MANAGER' && g.studyId === studyId && g.siteId === null)

/**
 * Data-query counts of a whole study (all sites, counts only): staff, sponsors and export jobs with
 * a grant for the whole study. A site's counts follow mayReadAggregates.
 */
export const mayReadStudyQueryCounts = (identity: Identity | null, studyId: string) =>
  !!identity?.grants.some((g) => g.studyId === studyId && g.siteId === null && g.role !== 'PATIENT')

/** 21 CFR 11.50: the investigator of the patient's site signs the casebook. */
export const maySignCasebook = (identity: Identity | null, subject: SubjectScope) =>
  holdsRoleAt(identity, ['INVESTIGATOR'], subject)

/** Form definitions (no patient data): anyone with a staff or sponsor role in the study, and export jobs. */
export const mayReadFormDefinitions = (identity: Identity | null, studyId: string) =>
  !!identity?.grants.some((g) => g.studyId === studyId && g.role !== 'PATIENT')
