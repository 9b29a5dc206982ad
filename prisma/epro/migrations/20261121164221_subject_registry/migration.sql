-- CreateTable
CREATE TABLE "subject" (
    "patient_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,

    CONSTRAINT "subject_pkey" PRIMARY KEY ("patient_id")
);

-- CreateIndex
CREATE INDEX "subject_site_id_idx" ON "subject"("site_id");
