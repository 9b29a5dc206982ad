-- CreateEnum
CREATE TYPE "FormDataStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'COMPLETE');

-- CreateEnum
CREATE TYPE "QueryStatus" AS ENUM ('OPEN', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "QueryOrigin" AS ENUM ('EDIT_CHECK', 'MANUAL');

-- CreateEnum
CREATE TYPE "QueryAction" AS ENUM ('OPEN', 'ANSWER', 'CLOSE', 'REOPEN', 'COMMENT');

-- CreateEnum
CREATE TYPE "LockLevel" AS ENUM ('FORM', 'VISIT', 'CASEBOOK', 'STUDY');

-- CreateEnum
CREATE TYPE "LockState" AS ENUM ('NONE', 'FROZEN', 'LOCKED');

-- CreateEnum
CREATE TYPE "SignatureScope" AS ENUM ('CASEBOOK', 'VISIT');

-- CreateTable
CREATE TABLE "subject" (
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,

    CONSTRAINT "subject_pkey" PRIMARY KEY ("patient_id")
);

-- CreateTable
CREATE TABLE "study_event" (
    "visit_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "visit_type" TEXT NOT NULL,
    "visit_date" DATE,

    CONSTRAINT "study_event_pkey" PRIMARY KEY ("visit_id")
);

-- CreateTable
CREATE TABLE "form_definition" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "form_oid" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "digest" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "form_definition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_form" (
    "study_id" UUID NOT NULL,
    "visit_type" TEXT NOT NULL,
    "form_oid" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "event_form_pkey" PRIMARY KEY ("study_id","visit_type","form_oid")
);

-- CreateTable
CREATE TABLE "form_data" (
    "id" UUID NOT NULL,
    "visit_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "form_oid" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "definition_id" UUID NOT NULL,
    "status" "FormDataStatus" NOT NULL,
    "version" INTEGER NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" UUID,

    CONSTRAINT "form_data_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_data" (
    "id" UUID NOT NULL,
    "form_data_id" UUID NOT NULL,
    "group_oid" TEXT NOT NULL,
    "row" INTEGER NOT NULL,
    "item_oid" TEXT NOT NULL,
    "value" TEXT,
    "verified_at" TIMESTAMPTZ(3),
    "verified_by" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" UUID,

    CONSTRAINT "item_data_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_query" (
    "id" UUID NOT NULL,
    "form_data_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "group_oid" TEXT NOT NULL,
    "row" INTEGER NOT NULL,
    "item_oid" TEXT NOT NULL,
    "origin" "QueryOrigin" NOT NULL,
    "check_id" TEXT,
    "status" "QueryStatus" NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_by" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_query_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "query_message" (
    "id" UUID NOT NULL,
    "query_id" UUID NOT NULL,
    "action" "QueryAction" NOT NULL,
    "text" TEXT,
    "author_user_id" UUID,
    "author_role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "query_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_lock" (
    "id" UUID NOT NULL,
    "level" "LockLevel" NOT NULL,
    "target_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "state" "LockState" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" UUID,

    CONSTRAINT "data_lock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signature" (
    "id" UUID NOT NULL,
    "scope" "SignatureScope" NOT NULL,
    "target_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "signer_user_id" UUID NOT NULL,
    "printed_name" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "digest" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "invalidated_at" TIMESTAMPTZ(3),
    "invalidated_reason" TEXT,

    CONSTRAINT "signature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" UUID NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_user_id" UUID,
    "actor_role" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "field" TEXT,
    "old_value" JSONB,
    "new_value" JSONB,
    "reason_for_change" TEXT,
    "request_id" TEXT NOT NULL,
    "trace_id" TEXT,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "subject_site_id_idx" ON "subject"("site_id");

-- CreateIndex
CREATE INDEX "subject_study_id_idx" ON "subject"("study_id");

-- CreateIndex
CREATE INDEX "study_event_patient_id_idx" ON "study_event"("patient_id");

-- CreateIndex
CREATE UNIQUE INDEX "form_definition_study_id_form_oid_version_key" ON "form_definition"("study_id", "form_oid", "version");

-- CreateIndex
CREATE INDEX "form_data_patient_id_idx" ON "form_data"("patient_id");

-- CreateIndex
CREATE INDEX "form_data_site_id_idx" ON "form_data"("site_id");

-- CreateIndex
CREATE UNIQUE INDEX "form_data_visit_id_form_oid_key" ON "form_data"("visit_id", "form_oid");

-- CreateIndex
CREATE UNIQUE INDEX "item_data_form_data_id_group_oid_row_item_oid_key" ON "item_data"("form_data_id", "group_oid", "row", "item_oid");

-- CreateIndex
CREATE INDEX "data_query_form_data_id_idx" ON "data_query"("form_data_id");

-- CreateIndex
CREATE INDEX "data_query_patient_id_status_idx" ON "data_query"("patient_id", "status");

-- CreateIndex
CREATE INDEX "data_query_site_id_status_idx" ON "data_query"("site_id", "status");

-- CreateIndex
CREATE INDEX "data_query_study_id_status_idx" ON "data_query"("study_id", "status");

-- CreateIndex
CREATE INDEX "query_message_query_id_created_at_idx" ON "query_message"("query_id", "created_at");

-- CreateIndex
CREATE INDEX "data_lock_study_id_idx" ON "data_lock"("study_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_lock_level_target_id_key" ON "data_lock"("level", "target_id");

-- CreateIndex
CREATE UNIQUE INDEX "signature_credential_id_key" ON "signature"("credential_id");

-- CreateIndex
CREATE INDEX "signature_patient_id_idx" ON "signature"("patient_id");

-- CreateIndex
CREATE INDEX "signature_target_id_idx" ON "signature"("target_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_sequence_key" ON "audit_event"("sequence");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_sequence_idx" ON "audit_event"("entity_type", "entity_id", "sequence");

-- AddForeignKey
ALTER TABLE "form_data" ADD CONSTRAINT "form_data_definition_id_fkey" FOREIGN KEY ("definition_id") REFERENCES "form_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_data" ADD CONSTRAINT "item_data_form_data_id_fkey" FOREIGN KEY ("form_data_id") REFERENCES "form_data"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_query" ADD CONSTRAINT "data_query_form_data_id_fkey" FOREIGN KEY ("form_data_id") REFERENCES "form_data"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "query_message" ADD CONSTRAINT "query_message_query_id_fkey" FOREIGN KEY ("query_id") REFERENCES "data_query"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A soft edit check opens one query per finding, not one per save: at most one query of a check on
-- an item that is not closed (a save that re-fires the check finds it and leaves it as it is).
CREATE UNIQUE INDEX "data_query_open_check_key" ON "data_query"("form_data_id", "group_oid", "row", "item_oid", "check_id")
  WHERE "status" <> 'CLOSED' AND "check_id" IS NOT NULL;

-- Append-only, enforced by the database itself (21 CFR 11.10(e): a record's changes must never
-- obscure earlier values, and the trail must be secure from alteration): whatever the client,
-- UPDATE and DELETE of a row and TRUNCATE of the table raise an error and roll back the statement.
CREATE FUNCTION "audit_event_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed on the audit trail (21 CFR 11.10(e))', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Record a new audit event instead of changing or removing one.';
END
$$;

CREATE TRIGGER "audit_event_refuse_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_refuse_change"();

CREATE TRIGGER "audit_event_refuse_truncate"
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_refuse_change"();

-- The query thread is append-only too: a message once written is part of the record.
CREATE FUNCTION "query_message_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'query_message is append-only: % is not allowed on a query thread', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Add a message instead of changing or removing one.';
END
$$;

CREATE TRIGGER "query_message_refuse_update_delete"
  BEFORE UPDATE OR DELETE ON "query_message"
  FOR EACH ROW EXECUTE FUNCTION "query_message_refuse_change"();
