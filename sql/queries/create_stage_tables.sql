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
    simhash bigint,
    -- computed by COPY, before load_batch takes the merge lock (migration 0008)
    search_vector tsvector GENERATED ALWAYS AS (news_search_vector(language, title, description, text)) STORED
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
-- Articles with a new or changed fingerprint, whose near-duplicate cluster is recomputed (cluster_dirty fills
-- simhash and cluster_id from articles; old_simhash is the fingerprint they had); their distinct
-- fingerprints, grouped (grp) by the components they form among themselves and each group a node of the
-- cluster graph named by its smallest article; the stored clusters found in each one's bands; and the
-- graph whose connected components are the new clusters (nodes: the groups and the stored clusters).
CREATE TEMP TABLE dirty_articles (
    article_id bigint PRIMARY KEY, simhash bigint, cluster_id bigint, old_simhash bigint
) ON COMMIT DROP;
CREATE TEMP TABLE dirty_fingerprints (
    simhash bigint PRIMARY KEY, grp integer NOT NULL, node bigint
) ON COMMIT DROP;
CREATE TEMP TABLE cluster_candidates (
    simhash bigint, band smallint, value integer, cluster_id bigint
) ON COMMIT DROP;
CREATE TEMP TABLE cluster_nodes (
    node bigint PRIMARY KEY, label bigint NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE cluster_edges (
    a bigint, b bigint
) ON COMMIT DROP;
