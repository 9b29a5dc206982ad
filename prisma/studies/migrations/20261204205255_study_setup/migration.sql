-- CreateEnum
CREATE TYPE "VisitType" AS ENUM ('SCREENING', 'BASELINE', 'TREATMENT', 'FOLLOW_UP', 'END_OF_STUDY', 'UNSCHEDULED');

-- CreateEnum
CREATE TYPE "CriterionKind" AS ENUM ('INCLUSION', 'EXCLUSION');

-- CreateEnum
CREATE TYPE "SlotStatus" AS ENUM ('RESERVED', 'CONFIRMED', 'RELEASED', 'REFUSED', 'CANCELLED');

-- AlterTable
-- Sites that exist already get their enrollment target as the cap (no slot is taken yet).
ALTER TABLE "site" ADD COLUMN     "enrolled_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "enrollment_cap" INTEGER,
ADD COLUMN     "slots_taken" INTEGER NOT NULL DEFAULT 0;
UPDATE "site" SET "enrollment_cap" = "enrollment_target";
ALTER TABLE "site" ALTER COLUMN "enrollment_cap" SET NOT NULL;

-- AlterTable
ALTER TABLE "study" ADD COLUMN     "block_multipliers" INTEGER[] DEFAULT ARRAY[2, 3]::INTEGER[],
ADD COLUMN     "do_not_dispense_days" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "enrolled_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "low_stock_threshold" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "slots_taken" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "study_arm" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "allocation_ratio" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "study_arm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit_definition" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "visit_type" "VisitType" NOT NULL,
    "day_offset" INTEGER NOT NULL,
    "window_before_days" INTEGER NOT NULL,
    "window_after_days" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "form_oids" TEXT[],
    "questionnaire_codes" TEXT[],

    CONSTRAINT "visit_definition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eligibility_criterion" (
    "study_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "CriterionKind" NOT NULL,
    "text" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "eligibility_criterion_pkey" PRIMARY KEY ("study_id","code")
);

-- CreateTable
CREATE TABLE "slot_reservation" (
    "saga_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "status" "SlotStatus" NOT NULL,
    "refusal_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slot_reservation_pkey" PRIMARY KEY ("saga_id")
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
CREATE UNIQUE INDEX "study_arm_study_id_code_key" ON "study_arm"("study_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "visit_definition_study_id_code_key" ON "visit_definition"("study_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "visit_definition_study_id_ordinal_key" ON "visit_definition"("study_id", "ordinal");

-- CreateIndex
CREATE INDEX "slot_reservation_site_id_status_idx" ON "slot_reservation"("site_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_sequence_key" ON "audit_event"("sequence");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_sequence_idx" ON "audit_event"("entity_type", "entity_id", "sequence");

-- AddForeignKey
ALTER TABLE "study_arm" ADD CONSTRAINT "study_arm_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_definition" ADD CONSTRAINT "visit_definition_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eligibility_criterion" ADD CONSTRAINT "eligibility_criterion_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The counters are the slots' truth: the database itself refuses over-booking (a reservation that
-- would take a site past its cap or a study past its planned enrollment fails its UPDATE), and
-- never more enrolled than slots taken.
ALTER TABLE "site" ADD CONSTRAINT "site_slots_within_cap" CHECK ("slots_taken" BETWEEN 0 AND "enrollment_cap");
ALTER TABLE "site" ADD CONSTRAINT "site_enrolled_within_slots" CHECK ("enrolled_count" BETWEEN 0 AND "slots_taken");
ALTER TABLE "study" ADD CONSTRAINT "study_slots_within_target" CHECK ("slots_taken" BETWEEN 0 AND "planned_enrollment");
ALTER TABLE "study" ADD CONSTRAINT "study_enrolled_within_slots" CHECK ("enrolled_count" BETWEEN 0 AND "slots_taken");

-- One live slot per patient, whichever saga holds it.
CREATE UNIQUE INDEX "slot_reservation_live_patient" ON "slot_reservation" ("patient_id") WHERE "status" IN ('RESERVED', 'CONFIRMED');

-- Append-only, enforced by the database itself (21 CFR 11.10(e)), as in users and epro: UPDATE,
-- DELETE and TRUNCATE of the trail raise an error and roll the statement back.
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
