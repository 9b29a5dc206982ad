-- CreateEnum
CREATE TYPE "AbnormalFlag" AS ENUM ('N', 'H', 'L', 'HH', 'LL');

-- CreateTable
CREATE TABLE "lab_result" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "accession_number" TEXT NOT NULL,
    "loinc_code" TEXT NOT NULL,
    "test_name" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "value_text" TEXT,
    "unit" TEXT NOT NULL,
    "reference_low" DOUBLE PRECISION,
    "reference_high" DOUBLE PRECISION,
    "abnormal_flag" "AbnormalFlag" NOT NULL,
    "collected_at" TIMESTAMPTZ(3) NOT NULL,
    "resulted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_result_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "lab_result_patient_id_collected_at_idx" ON "lab_result"("patient_id", "collected_at" DESC);

-- CreateIndex
CREATE INDEX "lab_result_patient_id_abnormal_flag_idx" ON "lab_result"("patient_id", "abnormal_flag");

-- CreateIndex
CREATE UNIQUE INDEX "lab_result_accession_number_loinc_code_key" ON "lab_result"("accession_number", "loinc_code");
