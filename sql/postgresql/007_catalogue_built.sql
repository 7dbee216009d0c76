-- The stored catalogue's built form (plugin/catalogue/catalogue_snapshot_codec.cc):
-- the priced, sorted snapshot with every card's rendered text and the compact
-- index, as CatalogueSnapshot::Encode writes it (its first byte is the
-- format's version; it names the pricing it was priced with). A warm start
-- reads this column alone and serves it without re-building anything, under
-- the same rule as the records beside it: fetched_at younger than the TTL,
-- and only while the pricing settings are the ones it was priced with (else
-- the records are priced again). NULL until a refresh stores it (rows stored
-- by an older build have none).
ALTER TABLE ascenda_catalogue_snapshot ADD COLUMN IF NOT EXISTS built BYTEA;
