-- Which schema steps have been applied, per owner ("host" or a plugin name).
CREATE TABLE IF NOT EXISTS schema_migrations (
  plugin     TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  applied_at TEXT    NOT NULL,
  PRIMARY KEY (plugin, version)
);
