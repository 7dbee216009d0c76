-- A member's country (ISO 3166-1 alpha-2, upper case), set by the member;
-- empty until then.
ALTER TABLE members ADD COLUMN country TEXT NOT NULL DEFAULT '';
