-- Per-transaction staging for enrichment after the load: entities and backfilled fingerprints.
CREATE TEMP TABLE stage_entities (
    article_id bigint, name text, label text, entity_key text, mentions integer
) ON COMMIT DROP;
CREATE TEMP TABLE stage_entity_status (
    article_id bigint, content_hash text, status text
) ON COMMIT DROP;
CREATE TEMP TABLE stage_fingerprints (
    article_id bigint, simhash bigint
) ON COMMIT DROP;
