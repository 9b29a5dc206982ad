-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN     "feed_position" BIGINT;

-- CreateTable
CREATE TABLE "event_feed_offset" (
    "consumer_group" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "last_position" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_feed_offset_pkey" PRIMARY KEY ("consumer_group","topic")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_feed_position_key" ON "outbox_event"("feed_position");
