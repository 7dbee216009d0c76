-- Passwords of members and operators: scrypt hashes with the parameters they
-- were made with (so they can be raised later; a row keeps its own).
CREATE TABLE credentials (
  kind       TEXT    NOT NULL CHECK (kind IN ('member', 'operator')),
  principal  TEXT    NOT NULL,
  scrypt_n   INTEGER NOT NULL,
  scrypt_r   INTEGER NOT NULL,
  scrypt_p   INTEGER NOT NULL,
  salt       TEXT    NOT NULL,
  hash       TEXT    NOT NULL,
  updated_at TEXT    NOT NULL,
  PRIMARY KEY (kind, principal)
);

-- Sign-in sessions: only the SHA-256 of the token is kept, so a copy of the
-- database signs nobody in. Every host node on the database accepts them.
CREATE TABLE sessions (
  token_hash    TEXT    NOT NULL PRIMARY KEY,
  kind          TEXT    NOT NULL CHECK (kind IN ('member', 'operator')),
  principal     TEXT    NOT NULL,
  created_at    TEXT    NOT NULL,
  expires_at_ms INTEGER NOT NULL
);

CREATE INDEX sessions_principal ON sessions (kind, principal);

-- Wrong passwords per scope ("member:<id>", "operator:<name>", "address:<ip>")
-- and the locks they caused.
CREATE TABLE sign_in_failures (
  scope        TEXT    NOT NULL,
  failed_at_ms INTEGER NOT NULL
);

CREATE INDEX sign_in_failures_scope ON sign_in_failures (scope, failed_at_ms);

CREATE TABLE sign_in_locks (
  scope    TEXT    NOT NULL PRIMARY KEY,
  until_ms INTEGER NOT NULL
);

-- What operators changed. Append-only: rows are inserted, never updated or
-- deleted. Secrets are masked before they get here.
CREATE TABLE audit_log (
  entry_id   INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  target     TEXT    NOT NULL DEFAULT '',
  before_json TEXT    NOT NULL DEFAULT '',
  after_json  TEXT    NOT NULL DEFAULT ''
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
