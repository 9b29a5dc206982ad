-- CreateEnum
CREATE TYPE "ExportJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "export_job" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "protocol_id" TEXT,
    "requested_by" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "datasets" TEXT[],
    "include_audit" BOOLEAN NOT NULL,
    "recipient" TEXT NOT NULL,
    "status" "ExportJobStatus" NOT NULL DEFAULT 'QUEUED',
    "subjects_done" INTEGER NOT NULL DEFAULT 0,
    "subjects_total" INTEGER,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "file_name" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "export_job_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "export_job_study_id_requested_at_idx" ON "export_job"("study_id", "requested_at");

-- CreateIndex
CREATE INDEX "export_job_status_requested_at_idx" ON "export_job"("status", "requested_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_sequence_key" ON "audit_event"("sequence");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_sequence_idx" ON "audit_event"("entity_type", "entity_id", "sequence");
-- Append-only, enforced by the database itself (21 CFR 11.10(e): a record's changes must never
-- obscure earlier values, and the trail must be secure from alteration): whatever the client —
-- the application, a script, a console session — UPDATE and DELETE of a row and TRUNCATE of the
-- table raise an error and roll back the statement. Rows are only ever INSERTed.
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
