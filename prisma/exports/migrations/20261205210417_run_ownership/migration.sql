-- AlterTable
ALTER TABLE "export_job" ADD COLUMN     "run_id" UUID,
ADD COLUMN     "stored_file" TEXT;
