-- The last catalogue fetched from Ascenda (plugin/catalogue/catalogue_store.cc),
-- so a host that starts again while it is younger than the catalogue TTL
-- serves it at once (re-priced with the current settings) and refreshes it in
-- the background; an older one is never served. One row (id 1), replaced
-- after every good refresh. fetched_at: epoch milliseconds (wall clock) when
-- the refresh began; records: the cards as fetched, in the store's binary
-- encoding (its first byte is the encoding's version). IF NOT EXISTS:
-- applying twice changes nothing.
CREATE TABLE IF NOT EXISTS ascenda_catalogue_snapshot (
  id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  fetched_at INTEGER NOT NULL,
  records    BLOB NOT NULL
);
