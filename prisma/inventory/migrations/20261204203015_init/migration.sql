-- CreateEnum
CREATE TYPE "KitStatus" AS ENUM ('AT_DEPOT', 'IN_TRANSIT', 'AVAILABLE', 'ALLOCATED', 'DISPENSED', 'RETURNED', 'DAMAGED', 'MISSING', 'QUARANTINED', 'DESTROYED');

-- CreateEnum
CREATE TYPE "ShipmentStatus" AS ENUM ('CREATED', 'SHIPPED', 'RECEIVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AllocationRequestStatus" AS ENUM ('ALLOCATED', 'REFUSED', 'RELEASED', 'CANCELLED');

-- CreateTable
CREATE TABLE "inventory_study" (
    "study_id" UUID NOT NULL,
    "do_not_dispense_days" INTEGER NOT NULL DEFAULT 14,
    "low_stock_threshold" INTEGER NOT NULL DEFAULT 2,
    "block_multipliers" INTEGER[] DEFAULT ARRAY[2, 3]::INTEGER[],

    CONSTRAINT "inventory_study_pkey" PRIMARY KEY ("study_id")
);

-- CreateTable
CREATE TABLE "inventory_site" (
    "site_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_number" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,

    CONSTRAINT "inventory_site_pkey" PRIMARY KEY ("site_id")
);

-- CreateTable
CREATE TABLE "subject" (
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "subject_number" TEXT NOT NULL,

    CONSTRAINT "subject_pkey" PRIMARY KEY ("patient_id")
);

-- CreateTable
CREATE TABLE "subject_visit" (
    "visit_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "visit_type" TEXT NOT NULL,

    CONSTRAINT "subject_visit_pkey" PRIMARY KEY ("visit_id")
);

-- CreateTable
CREATE TABLE "arm" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ratio" INTEGER NOT NULL,
    "supply_code" TEXT NOT NULL,

    CONSTRAINT "arm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "depot" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,

    CONSTRAINT "depot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lot" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "arm_id" UUID NOT NULL,
    "lot_number" TEXT NOT NULL,
    "packaging_lot" TEXT NOT NULL,
    "expires_on" DATE NOT NULL,

    CONSTRAINT "lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kit" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "kit_number" TEXT NOT NULL,
    "packaging_lot" TEXT NOT NULL,
    "expires_on" DATE NOT NULL,
    "dispense_order" INTEGER NOT NULL,
    "status" "KitStatus" NOT NULL,
    "depot_id" UUID,
    "site_id" UUID,
    "shipment_id" UUID,
    "patient_id" UUID,
    "allocation_saga_id" UUID,
    "allocated_at" TIMESTAMPTZ(3),
    "dispensed_at" TIMESTAMPTZ(3),
    "dispensed_visit_id" UUID,
    "returned_at" TIMESTAMPTZ(3),

    CONSTRAINT "kit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kit_treatment" (
    "kit_id" UUID NOT NULL,
    "arm_id" UUID NOT NULL,
    "lot_id" UUID NOT NULL,

    CONSTRAINT "kit_treatment_pkey" PRIMARY KEY ("kit_id")
);

-- CreateTable
CREATE TABLE "shipment" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "shipment_number" TEXT NOT NULL,
    "depot_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "status" "ShipmentStatus" NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shipped_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3),
    "received_by" UUID,

    CONSTRAINT "shipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipment_kit" (
    "shipment_id" UUID NOT NULL,
    "kit_id" UUID NOT NULL,
    "receipt_condition" TEXT,

    CONSTRAINT "shipment_kit_pkey" PRIMARY KEY ("shipment_id","kit_id")
);

-- CreateTable
CREATE TABLE "randomization_list" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "seed" TEXT NOT NULL,
    "seed_digest" TEXT NOT NULL,
    "generator" TEXT NOT NULL,
    "ratio_snapshot" JSONB NOT NULL,
    "block_multipliers" INTEGER[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "randomization_list_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "randomization_stratum" (
    "list_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "blocks_generated" INTEGER NOT NULL,
    "entries_used" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "randomization_stratum_pkey" PRIMARY KEY ("list_id","site_id")
);

-- CreateTable
CREATE TABLE "randomization_entry" (
    "id" UUID NOT NULL,
    "list_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "block_number" INTEGER NOT NULL,
    "block_size" INTEGER NOT NULL,
    "arm_id" UUID NOT NULL,
    "randomization_number" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'GENERATED',
    "patient_id" UUID,
    "saga_id" UUID,
    "randomized_at" TIMESTAMPTZ(3),

    CONSTRAINT "randomization_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allocation_request" (
    "saga_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "status" "AllocationRequestStatus" NOT NULL,
    "refusal_code" TEXT,
    "kit_id" UUID,
    "entry_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "allocation_request_pkey" PRIMARY KEY ("saga_id")
);

-- CreateTable
CREATE TABLE "stock_threshold" (
    "site_id" UUID NOT NULL,
    "arm_id" UUID NOT NULL,
    "threshold" INTEGER NOT NULL,

    CONSTRAINT "stock_threshold_pkey" PRIMARY KEY ("site_id","arm_id")
);

-- CreateTable
CREATE TABLE "low_stock_signal" (
    "id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "arm_id" UUID NOT NULL,
    "available" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "low_stock_signal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unblinding" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "unblinded_by" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unblinding_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "inventory_site_study_id_idx" ON "inventory_site"("study_id");

-- CreateIndex
CREATE UNIQUE INDEX "subject_subject_number_key" ON "subject"("subject_number");

-- CreateIndex
CREATE INDEX "subject_site_id_idx" ON "subject"("site_id");

-- CreateIndex
CREATE INDEX "subject_visit_patient_id_idx" ON "subject_visit"("patient_id");

-- CreateIndex
CREATE UNIQUE INDEX "arm_study_id_code_key" ON "arm"("study_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "depot_code_key" ON "depot"("code");

-- CreateIndex
CREATE UNIQUE INDEX "lot_study_id_lot_number_key" ON "lot"("study_id", "lot_number");

-- CreateIndex
CREATE UNIQUE INDEX "kit_allocation_saga_id_key" ON "kit"("allocation_saga_id");

-- CreateIndex
CREATE INDEX "kit_patient_id_idx" ON "kit"("patient_id");

-- CreateIndex
CREATE INDEX "kit_shipment_id_idx" ON "kit"("shipment_id");

-- CreateIndex
CREATE UNIQUE INDEX "kit_study_id_kit_number_key" ON "kit"("study_id", "kit_number");

-- CreateIndex
CREATE INDEX "kit_treatment_arm_id_idx" ON "kit_treatment"("arm_id");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_shipment_number_key" ON "shipment"("shipment_number");

-- CreateIndex
CREATE INDEX "shipment_site_id_status_idx" ON "shipment"("site_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_kit_kit_id_key" ON "shipment_kit"("kit_id");

-- CreateIndex
CREATE UNIQUE INDEX "randomization_list_study_id_key" ON "randomization_list"("study_id");

-- CreateIndex
CREATE UNIQUE INDEX "randomization_entry_patient_id_key" ON "randomization_entry"("patient_id");

-- CreateIndex
CREATE UNIQUE INDEX "randomization_entry_saga_id_key" ON "randomization_entry"("saga_id");

-- CreateIndex
CREATE UNIQUE INDEX "randomization_entry_list_id_randomization_number_key" ON "randomization_entry"("list_id", "randomization_number");

-- CreateIndex
CREATE UNIQUE INDEX "randomization_entry_list_id_site_id_position_key" ON "randomization_entry"("list_id", "site_id", "position");

-- CreateIndex
CREATE INDEX "low_stock_signal_site_id_idx" ON "low_stock_signal"("site_id");

-- CreateIndex
CREATE UNIQUE INDEX "unblinding_credential_id_key" ON "unblinding"("credential_id");

-- CreateIndex
CREATE INDEX "unblinding_patient_id_idx" ON "unblinding"("patient_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_sequence_key" ON "outbox_event"("sequence");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_sequence_idx" ON "outbox_event"("published_at", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_sequence_key" ON "audit_event"("sequence");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_sequence_idx" ON "audit_event"("entity_type", "entity_id", "sequence");

-- Allocation's "first expiry first" lookup reads only a site's available kits.
CREATE INDEX "kit_available" ON "kit"("site_id", "expires_on", "dispense_order") WHERE "status" = 'AVAILABLE';

-- The "next entry" of a stratum: its lowest unused position.
CREATE INDEX "randomization_entry_unused" ON "randomization_entry"("list_id", "site_id", "position") WHERE "patient_id" IS NULL;

-- One open low-stock signal per site and arm: raising it again while open is a no-op.
CREATE UNIQUE INDEX "low_stock_signal_open" ON "low_stock_signal"("site_id", "arm_id") WHERE "cleared_at" IS NULL;

ALTER TABLE "arm" ADD CONSTRAINT "arm_ratio_positive" CHECK ("ratio" > 0);
ALTER TABLE "stock_threshold" ADD CONSTRAINT "stock_threshold_not_negative" CHECK ("threshold" >= 0);
ALTER TABLE "randomization_stratum" ADD CONSTRAINT "randomization_stratum_used_not_negative" CHECK ("entries_used" >= 0);

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

-- An emergency unblinding, once recorded, is part of the trial's record.
CREATE FUNCTION "unblinding_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'unblinding is append-only: % is not allowed on an unblinding record', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "unblinding_refuse_update_delete"
  BEFORE UPDATE OR DELETE ON "unblinding"
  FOR EACH ROW EXECUTE FUNCTION "unblinding_refuse_change"();

-- ICH E9: the randomisation list is fixed before use and never regenerated. An entry's arm,
-- position, block and number never change and an entry is never removed; only its assignment
-- (patient, saga, time) is set, or cleared again when an enrollment saga is compensated.
CREATE FUNCTION "randomization_entry_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'randomization_entry rows are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."arm_id" IS DISTINCT FROM OLD."arm_id" OR NEW."position" IS DISTINCT FROM OLD."position"
     OR NEW."block_number" IS DISTINCT FROM OLD."block_number" OR NEW."block_size" IS DISTINCT FROM OLD."block_size"
     OR NEW."randomization_number" IS DISTINCT FROM OLD."randomization_number"
     OR NEW."list_id" IS DISTINCT FROM OLD."list_id" OR NEW."site_id" IS DISTINCT FROM OLD."site_id"
     OR NEW."source" IS DISTINCT FROM OLD."source" THEN
    RAISE EXCEPTION 'a randomization entry is immutable: only its assignment may change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "randomization_entry_immutable"
  BEFORE UPDATE OR DELETE ON "randomization_entry"
  FOR EACH ROW EXECUTE FUNCTION "randomization_entry_refuse_change"();
