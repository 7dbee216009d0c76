-- One row per redemption of an Ascenda gift card (plugin/redemption/).
-- Written together with the host's ledger debit in one transaction; every
-- later state change (and a refund's ledger credit) is one transaction too.
-- Times are epoch milliseconds. Non-terminal rows always have next_check_at,
-- so the reconciler finds every unfinished redemption after a crash.
-- IF NOT EXISTS: applying this twice changes nothing.
CREATE TABLE IF NOT EXISTS ascenda_redemptions (
  id                  TEXT    NOT NULL PRIMARY KEY,
  reference_id        TEXT    NOT NULL UNIQUE,
  member_id           TEXT    NOT NULL,
  idempotency_key     TEXT    NOT NULL,
  request_fingerprint TEXT    NOT NULL,
  gift_card_id        TEXT    NOT NULL,
  gift_card_name      TEXT    NOT NULL DEFAULT '',
  logo_url            TEXT    NOT NULL DEFAULT '',
  denomination        TEXT    NOT NULL,
  currency            TEXT    NOT NULL,
  points              INTEGER NOT NULL CHECK (points > 0),
  email               TEXT    NOT NULL,
  first_name          TEXT    NOT NULL,
  last_name           TEXT    NOT NULL,
  phone_number        TEXT    NOT NULL DEFAULT '',
  state               TEXT    NOT NULL CHECK (state IN ('reserved', 'submitted', 'unknown',
                        'processing', 'fulfilled', 'refunded', 'needs_attention')),
  item_status         TEXT    CHECK (item_status IS NULL OR item_status IN ('pending',
                        'processing', 'fulfilled', 'cancelled', 'failed')),
  order_id            TEXT,
  submit_attempts     INTEGER NOT NULL DEFAULT 0 CHECK (submit_attempts >= 0),
  reconcile_checks    INTEGER NOT NULL DEFAULT 0 CHECK (reconcile_checks >= 0),
  failure_code        TEXT    NOT NULL DEFAULT '',
  failure_reason      TEXT    NOT NULL DEFAULT '',
  next_check_at       INTEGER,
  lease_owner         TEXT,
  lease_until         INTEGER,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  terminal_at         INTEGER,
  refunded_at         INTEGER,
  delivery_ciphertext TEXT,
  delivery_key_id     TEXT,
  version             INTEGER NOT NULL DEFAULT 0,
  UNIQUE (member_id, idempotency_key),
  CHECK ((next_check_at IS NULL) =
         (state IN ('fulfilled', 'refunded', 'needs_attention'))),
  CHECK ((delivery_ciphertext IS NULL) = (delivery_key_id IS NULL))
);

-- The reconciler: due non-terminal redemptions by next check.
CREATE INDEX IF NOT EXISTS ascenda_redemptions_due
  ON ascenda_redemptions (next_check_at) WHERE next_check_at IS NOT NULL;

-- A member's history, newest first.
CREATE INDEX IF NOT EXISTS ascenda_redemptions_member
  ON ascenda_redemptions (member_id, created_at DESC);

-- Operators' listings by state, newest first.
CREATE INDEX IF NOT EXISTS ascenda_redemptions_state
  ON ascenda_redemptions (state, created_at DESC);
