-- One row per Ascenda webhook event (plugin/webhook/); the same table as
-- sql/sqlite/002_webhook_events.sql, in PostgreSQL types. Keyed by the event
-- id so a redelivered event is stored once (INSERT ... ON CONFLICT DO
-- NOTHING). The receiver writes the row and only then answers 200; the
-- applier reads unprocessed rows (next_attempt_at due), applies their order
-- to the redemption with the same transition code as the reconciler, and
-- marks them processed. An event whose reference_id matches no redemption yet
-- stays unprocessed and is tried again with back-off until it is given up on.
--
-- The raw body may hold delivery data (code, pin, url): it is stored only
-- sealed (AES-256-GCM under ascenda.data_key, associated data = event_id,
-- key id beside it). The clear columns are the event's non-secret facts.
-- Times are epoch milliseconds. IF NOT EXISTS: applying twice changes nothing.
CREATE TABLE IF NOT EXISTS ascenda_webhook_events (
  event_id        TEXT    NOT NULL PRIMARY KEY,
  reference_id    TEXT    NOT NULL,
  order_id        TEXT    NOT NULL,
  item_status     TEXT    NOT NULL,
  body_sealed     TEXT    NOT NULL,
  body_key_id     TEXT    NOT NULL,
  received_at     BIGINT  NOT NULL,
  processed_at    BIGINT,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at BIGINT,
  outcome         TEXT    NOT NULL DEFAULT '',
  CHECK ((processed_at IS NULL) = (next_attempt_at IS NOT NULL))
);

-- The applier: unprocessed events by when they are due.
CREATE INDEX IF NOT EXISTS ascenda_webhook_events_unprocessed
  ON ascenda_webhook_events (next_attempt_at) WHERE processed_at IS NULL;

-- Events of one redemption (operators, the reconciler).
CREATE INDEX IF NOT EXISTS ascenda_webhook_events_reference
  ON ascenda_webhook_events (reference_id);
