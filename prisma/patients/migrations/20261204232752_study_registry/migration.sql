-- CreateTable
CREATE TABLE "study_registry" (
    "study_id" UUID NOT NULL,
    "protocol_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "eligibility_criteria" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "study_registry_pkey" PRIMARY KEY ("study_id")
);
