-- Members and their points. The balance is the ledger's running sum, kept on
-- the member row so a debit is one conditional UPDATE; it can never go below 0.
CREATE TABLE members (
  id           TEXT    NOT NULL PRIMARY KEY,
  email        TEXT    NOT NULL,
  first_name   TEXT    NOT NULL,
  last_name    TEXT    NOT NULL,
  phone_number TEXT    NOT NULL DEFAULT '',
  balance      INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  created_at   TEXT    NOT NULL
);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE ledger_entries (
  entry_id        INTEGER PRIMARY KEY AUTOINCREMENT,
  member_id       TEXT    NOT NULL REFERENCES members (id),
  delta           INTEGER NOT NULL CHECK (delta <> 0),
  balance_after   INTEGER NOT NULL CHECK (balance_after >= 0),
  idempotency_key TEXT    NOT NULL UNIQUE,
  memo            TEXT    NOT NULL DEFAULT '',
  created_at      TEXT    NOT NULL
);

CREATE INDEX ledger_entries_member ON ledger_entries (member_id, entry_id);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
