-- AlterEnum
ALTER TYPE "ExportJobStatus" ADD VALUE 'CANCELLED';
