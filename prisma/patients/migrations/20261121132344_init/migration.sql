-- CreateEnum
CREATE TYPE "EnrollmentStatus" AS ENUM ('SCREENING', 'SCREEN_FAILED', 'ENROLLED', 'COMPLETED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('FEMALE', 'MALE', 'UNDIFFERENTIATED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "VisitType" AS ENUM ('SCREENING', 'BASELINE', 'TREATMENT', 'FOLLOW_UP', 'END_OF_STUDY', 'UNSCHEDULED');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('SCHEDULED', 'COMPLETED', 'MISSED', 'CANCELLED');

-- CreateTable
CREATE TABLE "patient" (
    "id" UUID NOT NULL,
    "subject_number" TEXT NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "enrollment_status" "EnrollmentStatus" NOT NULL,
    "screening_date" DATE NOT NULL,
    "enrollment_date" DATE,
    "arm" TEXT,
    "year_of_birth" INTEGER NOT NULL,
    "sex" "Sex" NOT NULL,
    "enrolling_investigator_id" UUID,
    "assigned_crc_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "visit_number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "visit_type" "VisitType" NOT NULL,
    "scheduled_date" DATE NOT NULL,
    "actual_date" DATE,
    "status" "VisitStatus" NOT NULL,

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "patient_subject_number_key" ON "patient"("subject_number");

-- CreateIndex
CREATE INDEX "patient_site_id_subject_number_idx" ON "patient"("site_id", "subject_number");

-- CreateIndex
CREATE INDEX "patient_study_id_idx" ON "patient"("study_id");

-- CreateIndex
CREATE UNIQUE INDEX "visit_patient_id_visit_number_key" ON "visit"("patient_id", "visit_number");

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
