-- The stored catalogue's row with built_bytes (009) before the records. SQLite
-- keeps a row's columns in order, and a column after a value of megabytes is
-- reached only by following that value's chain of overflow pages: reading
-- built_bytes at a warm start walked the 11 MB of records page by page (5-8 ms
-- of a 20,000-card restart) though the records are not read. The table is
-- copied once with the columns reordered; names, types, constraints and the
-- row are unchanged. PostgreSQL keeps large values out of line (TOAST) and
-- reads a later column without them, so it has no such step.
DROP TABLE IF EXISTS ascenda_catalogue_snapshot_reordered;
CREATE TABLE ascenda_catalogue_snapshot_reordered (
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  fetched_at  INTEGER NOT NULL,
  built_bytes INTEGER,
  records     BLOB NOT NULL,
  built       BLOB
);
INSERT INTO ascenda_catalogue_snapshot_reordered (id, fetched_at, built_bytes, records, built)
  SELECT id, fetched_at, built_bytes, records, built FROM ascenda_catalogue_snapshot;
DROP TABLE ascenda_catalogue_snapshot;
ALTER TABLE ascenda_catalogue_snapshot_reordered RENAME TO ascenda_catalogue_snapshot;
