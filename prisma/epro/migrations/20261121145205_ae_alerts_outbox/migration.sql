-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('MODERATE', 'SEVERE', 'LIFE_THREATENING', 'FATAL');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED');

-- DropIndex
DROP INDEX "epro_submission_patient_id_entry_date_idx";

-- AlterTable
ALTER TABLE "diary_enrollment" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "questionnaire" ADD COLUMN     "late_grace_hours" INTEGER NOT NULL DEFAULT 24;

-- CreateTable
CREATE TABLE "safety_rule_set" (
    "study_id" UUID NOT NULL,
    "pain_absolute" INTEGER NOT NULL,
    "pain_rise_over_baseline" INTEGER NOT NULL,
    "serious_grade" INTEGER NOT NULL,
    "baseline_days" INTEGER NOT NULL,
    "min_baseline_entries" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "safety_rule_set_pkey" PRIMARY KEY ("study_id")
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

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "adverse_event_alert" (
    "id" UUID NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "patient_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "submission_id" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "ctcae_term" TEXT,
    "ctcae_grade" INTEGER,
    "observed" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "summary" TEXT NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "acknowledged_by" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),

    CONSTRAINT "adverse_event_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_sequence_key" ON "outbox_event"("sequence");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_sequence_idx" ON "outbox_event"("published_at", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "adverse_event_alert_sequence_key" ON "adverse_event_alert"("sequence");

-- CreateIndex
CREATE INDEX "adverse_event_alert_site_id_sequence_idx" ON "adverse_event_alert"("site_id", "sequence");

-- CreateIndex
CREATE INDEX "adverse_event_alert_patient_id_detected_at_idx" ON "adverse_event_alert"("patient_id", "detected_at");

-- CreateIndex
CREATE UNIQUE INDEX "epro_submission_patient_id_questionnaire_id_entry_date_key" ON "epro_submission"("patient_id", "questionnaire_id", "entry_date");
