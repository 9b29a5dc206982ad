-- AlterTable
ALTER TABLE "adverse_event_alert" ADD COLUMN     "trace_context" JSONB;

-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN     "trace_context" JSONB;
