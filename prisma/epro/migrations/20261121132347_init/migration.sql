-- CreateEnum
CREATE TYPE "DiaryFrequency" AS ENUM ('DAILY', 'WEEKLY');

-- CreateTable
CREATE TABLE "questionnaire" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "frequency" "DiaryFrequency" NOT NULL,
    "window_opens_minute" INTEGER NOT NULL,
    "window_closes_minute" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "questionnaire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "diary_enrollment" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "questionnaire_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "diary_enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "epro_submission" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "questionnaire_id" UUID NOT NULL,
    "entry_date" DATE NOT NULL,
    "pain_score" INTEGER NOT NULL,
    "symptoms" JSONB NOT NULL DEFAULT '[]',
    "device_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "server_timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "epro_submission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "questionnaire_study_id_code_version_key" ON "questionnaire"("study_id", "code", "version");

-- CreateIndex
CREATE UNIQUE INDEX "diary_enrollment_patient_id_questionnaire_id_key" ON "diary_enrollment"("patient_id", "questionnaire_id");

-- CreateIndex
CREATE INDEX "epro_submission_patient_id_device_timestamp_idx" ON "epro_submission"("patient_id", "device_timestamp" DESC);

-- CreateIndex
CREATE INDEX "epro_submission_patient_id_entry_date_idx" ON "epro_submission"("patient_id", "entry_date");

-- AddForeignKey
ALTER TABLE "diary_enrollment" ADD CONSTRAINT "diary_enrollment_questionnaire_id_fkey" FOREIGN KEY ("questionnaire_id") REFERENCES "questionnaire"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "epro_submission" ADD CONSTRAINT "epro_submission_questionnaire_id_fkey" FOREIGN KEY ("questionnaire_id") REFERENCES "questionnaire"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
