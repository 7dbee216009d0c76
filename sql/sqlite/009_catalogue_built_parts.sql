-- The stored catalogue's built form (007) in parts of 256 KiB, numbered from
-- 0, instead of one value of megabytes (18 MB for 20,000 cards). A warm start
-- reads the parts one after the other into one buffer of the whole size, so
-- the database and its driver only ever hold one part at a time: reading one
-- value of 18 MB cost two more buffers of that size, and their first touch
-- was most of a warm start. built_bytes: the parts' total size, NULL while
-- none are stored; a warm start reads the row and its parts in one statement
-- and serves nothing unless they add up to it. The built column is no longer
-- written (an older build finds it NULL and prices the stored records).
CREATE TABLE IF NOT EXISTS ascenda_catalogue_built_part (
  part  INTEGER NOT NULL PRIMARY KEY,
  bytes BLOB NOT NULL
);
ALTER TABLE ascenda_catalogue_snapshot ADD COLUMN built_bytes INTEGER;
