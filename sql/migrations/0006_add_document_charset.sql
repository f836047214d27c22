-- The charset the transport declared (HTTP Content-Type) for a fetched page, so that re-extraction from
-- the stored bytes decodes them as the first extraction did.
ALTER TABLE documents ADD COLUMN charset text;
