-- Every confirmation-email resend a member asked for (plugin/outcome/); the
-- same table as sql/sqlite/003_resends.sql, in PostgreSQL types. One row per
-- request that passed the checks, written before Ascenda is called (outcome
-- 'pending') and updated with what Ascenda answered: 'sent', 'failed'
-- (Ascenda did nothing: refused, or retryable) or 'unknown' (no definite
-- answer). The cooldown counts rows whose outcome is not 'failed'.
-- Times are epoch milliseconds. IF NOT EXISTS: applying twice changes nothing.
CREATE TABLE IF NOT EXISTS ascenda_resends (
  id            TEXT    NOT NULL PRIMARY KEY,
  redemption_id TEXT    NOT NULL REFERENCES ascenda_redemptions (id),
  requested_at  BIGINT  NOT NULL,
  outcome       TEXT    NOT NULL CHECK (outcome IN ('pending', 'sent', 'failed', 'unknown')),
  error         TEXT    NOT NULL DEFAULT ''
);

-- The cooldown check: one redemption's resends, newest first.
CREATE INDEX IF NOT EXISTS ascenda_resends_redemption
  ON ascenda_resends (redemption_id, requested_at DESC);
