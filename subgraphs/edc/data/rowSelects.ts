// The SELECTs of the reads every full view and dashboard runs past Prisma's query API
// (directReads.ts): each row named as Prisma's model names it, enums read as text (as Prisma gives
// them). fullViewLoaders.pg.test.ts checks every one against Prisma's own findMany.

export const FORM_DATA = `SELECT id, visit_id AS "visitId", patient_id AS "patientId", study_id AS "studyId",
  site_id AS "siteId", form_oid AS "formOid", ordinal, definition_id AS "definitionId", status::text AS status,
  version, completed_at AS "completedAt", created_at AS "createdAt", updated_at AS "updatedAt",
  updated_by AS "updatedBy"
  FROM form_data`

export const ITEM_DATA = `SELECT id, form_data_id AS "formDataId", group_oid AS "groupOid", row, item_oid AS "itemOid",
  value, verified_at AS "verifiedAt", verified_by AS "verifiedBy", updated_at AS "updatedAt", updated_by AS "updatedBy"
  FROM item_data`

export const STUDY_EVENT = `SELECT visit_id AS "visitId", patient_id AS "patientId", visit_type AS "visitType",
  visit_date AS "visitDate"
  FROM study_event`

export const DATA_LOCK = `SELECT id, level::text AS level, target_id AS "targetId", study_id AS "studyId",
  state::text AS state, updated_at AS "updatedAt", updated_by AS "updatedBy"
  FROM data_lock`

export const SIGNATURE = `SELECT id, scope::text AS scope, target_id AS "targetId", patient_id AS "patientId",
  study_id AS "studyId", site_id AS "siteId", signer_user_id AS "signerUserId", printed_name AS "printedName",
  meaning, signed_at AS "signedAt", digest, credential_id AS "credentialId", invalidated_at AS "invalidatedAt",
  invalidated_reason AS "invalidatedReason"
  FROM signature`
