-- Every state change of a redemption, oldest first (plugin/redemption/):
-- written in the same transaction as the change itself, so the console's
-- detail shows exactly what the row went through. Append-only; never
-- delivery data. at: epoch milliseconds.
CREATE TABLE IF NOT EXISTS ascenda_redemption_history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  redemption_id TEXT    NOT NULL,
  at            INTEGER NOT NULL,
  from_state    TEXT    NOT NULL DEFAULT '',
  to_state      TEXT    NOT NULL,
  event         TEXT    NOT NULL,
  note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ascenda_redemption_history_by_redemption
  ON ascenda_redemption_history (redemption_id, id);
-- The console's search by member.
CREATE INDEX IF NOT EXISTS ascenda_redemptions_by_member_created
  ON ascenda_redemptions (member_id, created_at);
