-- CreateEnum
CREATE TYPE "StudyPhase" AS ENUM ('PHASE_1', 'PHASE_1_2', 'PHASE_2', 'PHASE_2_3', 'PHASE_3', 'PHASE_4');

-- CreateEnum
CREATE TYPE "StudyStatus" AS ENUM ('NOT_YET_RECRUITING', 'RECRUITING', 'ACTIVE_NOT_RECRUITING', 'COMPLETED', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "SiteStatus" AS ENUM ('PENDING_ACTIVATION', 'ACTIVE', 'ON_HOLD', 'CLOSED');

-- CreateTable
CREATE TABLE "study" (
    "id" UUID NOT NULL,
    "protocol_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "short_title" TEXT NOT NULL,
    "phase" "StudyPhase" NOT NULL,
    "status" "StudyStatus" NOT NULL,
    "sponsor_name" TEXT NOT NULL,
    "therapeutic_area" TEXT NOT NULL,
    "planned_enrollment" INTEGER NOT NULL,
    "start_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "study_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "site" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "site_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "time_zone" TEXT NOT NULL,
    "enrollment_target" INTEGER NOT NULL,
    "status" "SiteStatus" NOT NULL,
    "activated_at" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "site_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "study_protocol_id_key" ON "study"("protocol_id");

-- CreateIndex
CREATE INDEX "site_study_id_idx" ON "site"("study_id");

-- CreateIndex
CREATE UNIQUE INDEX "site_study_id_site_number_key" ON "site"("study_id", "site_number");

-- AddForeignKey
ALTER TABLE "site" ADD CONSTRAINT "site_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
