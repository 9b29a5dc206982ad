-- AlterTable
ALTER TABLE "patient" ADD COLUMN     "withdrawn_on" DATE;
