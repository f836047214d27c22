-- Per-transaction staging tables: a batch is COPYed here, then merged with set-based upserts.
CREATE TEMP TABLE stage_sources (
    name text, kind text, base_url text
) ON COMMIT DROP;
CREATE TEMP TABLE stage_documents (
    source_name text, locator text, url text, sha256 text, kind text, size_bytes bigint, content bytea,
    status text, charset text
) ON COMMIT DROP;
CREATE TEMP TABLE stage_articles (
    locator text, source_name text, document_sha256 text, url text, url_key text, title text,
    title_derived boolean, description text, site_name text, published_at timestamptz, language text,
    dateline text, text text, word_count integer, content_hash text, extraction_method text,
    provenance jsonb, published_precision text, modified_at timestamptz, canonical_url text, image text,
    tags text[], categories text[], keywords text[], license text, reading_time_min integer, access_status text,
    simhash bigint
) ON COMMIT DROP;
CREATE TEMP TABLE stage_article_authors (
    locator text, position smallint, name text, name_key text
) ON COMMIT DROP;
CREATE TEMP TABLE stage_failures (
    source_name text, locator text, stage text, error_class text, message text, sha256 text
) ON COMMIT DROP;
CREATE TEMP TABLE stage_article_urls (
    locator text, url text, url_key text, is_canonical boolean
) ON COMMIT DROP;
CREATE TEMP TABLE stage_article_tags (
    locator text, kind text, name text
) ON COMMIT DROP;
-- The batch after de-duplication on url_key, with the stored row's fingerprint and cluster before the merge.
CREATE TEMP TABLE stage_incoming (
    LIKE stage_articles, source_id bigint, document_id bigint, old_simhash bigint, old_cluster_id bigint,
    PRIMARY KEY (url_key)
) ON COMMIT DROP;
CREATE TEMP TABLE written_articles (
    article_id bigint, locator text, url_key text
) ON COMMIT DROP;
-- Articles whose near-duplicate cluster is recomputed, and the near-duplicate pairs found for them.
CREATE TEMP TABLE dirty_articles (
    article_id bigint PRIMARY KEY
) ON COMMIT DROP;
CREATE TEMP TABLE near_pairs (
    a bigint, b bigint
) ON COMMIT DROP;
