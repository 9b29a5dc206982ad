-- The outbox feed (embedded mode's cross-process events; docs/events.md). Every context with an
-- outbox copies this block as it is.
-- Stamped by the relay when it marks a row published, under its advisory lock: positions follow
-- commit order, so a consumer reading `feed_position > offset` never skips a row that committed
-- late. Rows published before this migration stay unstamped (they are history).
ALTER TABLE "outbox_event" ADD COLUMN     "feed_position" BIGINT;

CREATE UNIQUE INDEX "outbox_event_feed_position_key" ON "outbox_event"("feed_position");

-- Every context that consumes another's feed copies this block: how far each of its consumer
-- groups has handled each topic (written after each handled event).
CREATE TABLE "event_feed_offset" (
    "consumer_group" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "last_position" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_feed_offset_pkey" PRIMARY KEY ("consumer_group","topic")
);
