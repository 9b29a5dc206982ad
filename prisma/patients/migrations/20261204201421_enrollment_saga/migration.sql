-- CreateEnum
CREATE TYPE "EnrollmentSagaState" AS ENUM ('RESERVING_SLOT', 'ALLOCATING_KIT', 'CONFIRMING_SLOT', 'ENROLLED', 'COMPENSATING', 'FAILED');

-- CreateEnum
CREATE TYPE "ParticipantState" AS ENUM ('NONE', 'REQUESTED', 'HELD', 'REFUSED', 'RELEASE_REQUESTED', 'RELEASED', 'CONFIRMED');

-- AlterEnum


ALTER TYPE "EnrollmentStatus" ADD VALUE 'ENROLLING';
ALTER TYPE "EnrollmentStatus" ADD VALUE 'ENROLLMENT_FAILED';

-- AlterTable
ALTER TABLE "patient" ADD COLUMN     "eligibility" JSONB;

-- AlterTable
ALTER TABLE "visit" ADD COLUMN     "window_end" DATE,
ADD COLUMN     "window_start" DATE;

-- CreateTable
CREATE TABLE "site_registry" (
    "site_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "protocol_id" TEXT NOT NULL,
    "site_number" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "last_subject_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "site_registry_pkey" PRIMARY KEY ("site_id")
);

-- CreateTable
CREATE TABLE "enrollment_saga" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "state" "EnrollmentSagaState" NOT NULL,
    "slot" "ParticipantState" NOT NULL DEFAULT 'NONE',
    "kit" "ParticipantState" NOT NULL DEFAULT 'NONE',
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "enrollment_date" DATE NOT NULL,
    "requested_by" UUID,
    "step_deadline_at" TIMESTAMPTZ(3),
    "failure_code" TEXT,
    "kit_number" TEXT,
    "randomization_number" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "enrollment_saga_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrollment_saga_transition" (
    "saga_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "from_state" "EnrollmentSagaState",
    "to_state" "EnrollmentSagaState" NOT NULL,
    "cause" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enrollment_saga_transition_pkey" PRIMARY KEY ("saga_id","version")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "trace_context" JSONB,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consumed_event" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "consumed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consumed_event_pkey" PRIMARY KEY ("consumer_group","event_id")
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
CREATE UNIQUE INDEX "enrollment_saga_patient_id_attempt_key" ON "enrollment_saga"("patient_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_sequence_key" ON "outbox_event"("sequence");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_sequence_idx" ON "outbox_event"("published_at", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_sequence_key" ON "audit_event"("sequence");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_sequence_idx" ON "audit_event"("entity_type", "entity_id", "sequence");

-- AddForeignKey
ALTER TABLE "enrollment_saga" ADD CONSTRAINT "enrollment_saga_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment_saga_transition" ADD CONSTRAINT "enrollment_saga_transition_saga_id_fkey" FOREIGN KEY ("saga_id") REFERENCES "enrollment_saga"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One live enrollment per subject: a second enrollPatient while one runs finds this index, not a race.
CREATE UNIQUE INDEX "enrollment_saga_one_live_per_patient" ON "enrollment_saga"("patient_id")
  WHERE "state" NOT IN ('ENROLLED', 'FAILED');

-- The sweeper reads the sagas whose step is overdue (timeouts, commands sent again).
CREATE INDEX "enrollment_saga_step_deadline" ON "enrollment_saga"("step_deadline_at")
  WHERE "state" NOT IN ('ENROLLED', 'FAILED');

-- Subject numbers per site only ever go up.
ALTER TABLE "site_registry" ADD CONSTRAINT "site_registry_last_subject_seq_check" CHECK ("last_subject_seq" >= 0);

-- Append-only audit trail, as in every context that writes (21 CFR 11.10(e)): see users' audit migration.
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
