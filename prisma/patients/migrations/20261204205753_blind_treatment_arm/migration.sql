-- The treatment arm is blinded: it lives only in the inventory context (unblinded tables), never
-- beside the subject where site staff, monitors and sponsors read.
-- AlterTable
ALTER TABLE "patient" DROP COLUMN "arm";
