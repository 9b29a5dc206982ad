-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "trace_context" JSONB,
    "feed_position" BIGINT,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consumed_event" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "consumed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consumed_event_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "event_feed_offset" (
    "consumer_group" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "last_position" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_feed_offset_pkey" PRIMARY KEY ("consumer_group","topic")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_sequence_key" ON "outbox_event"("sequence");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_feed_position_key" ON "outbox_event"("feed_position");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_sequence_idx" ON "outbox_event"("published_at", "sequence");
