-- The reconciler leases due redemptions a few at a time, crash leftovers
-- (reserved, unknown) first, then by next check (RedemptionStore::LeaseDue).
-- It reads each non-terminal state's due rows on their own, walking this
-- index in the order it leases and stopping after a few rows. The index it
-- replaces (next_check_at alone) could only find the due rows, so every
-- lease sorted all of them: after an outage, thousands per lease. id breaks
-- ties as the lease does. Terminal rows have no next check and no entry.
DROP INDEX IF EXISTS ascenda_redemptions_due;
CREATE INDEX IF NOT EXISTS ascenda_redemptions_due
  ON ascenda_redemptions (state, next_check_at, id) WHERE next_check_at IS NOT NULL;
