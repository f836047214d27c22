-- One article per url_key (stage_incoming is already one row per key). When several inputs carry the same
-- key, the smallest locator wins, in the batch and across runs; an unchanged row is not rewritten.
-- airflow_run_id: the DAG run that wrote the row (NULL for CLI runs); entities are redone when the text
-- or the language changes. A new article is its own near-duplicate cluster (cluster_id = article_id, its
-- id drawn here from the column's sequence) until cluster_dirty_articles finds it neighbours: most articles
-- have none, and their wide rows are then never written twice. The search vector comes from staging.
WITH run AS (
    SELECT airflow_run_id FROM ingest_runs WHERE run_id = %(run_id)s
), numbered AS (
    SELECT nextval('articles_article_id_seq') AS article_id, s.*
    FROM (SELECT * FROM stage_incoming ORDER BY url_key) s
), written AS (
    INSERT INTO articles AS t (
        article_id, cluster_id, url_key, url, locator, source_id, document_id, title, title_derived,
        description, site_name, published_at, language, dateline, text, word_count, content_hash,
        extraction_method, extractor_version, provenance, published_precision, modified_at, canonical_url,
        image, tags, categories, keywords, license, reading_time_min, access_status, last_run_id,
        airflow_run_id, simhash, search_vector)
    SELECT article_id, article_id, url_key, url, locator, source_id, document_id, title, title_derived,
           description, site_name, published_at, language, dateline, text, word_count, content_hash,
           extraction_method, %(extractor_version)s, provenance, published_precision, modified_at,
           canonical_url, image, tags, categories, keywords, license, reading_time_min, access_status,
           %(run_id)s, (SELECT airflow_run_id FROM run), simhash, search_vector
    FROM numbered
    ORDER BY url_key
    ON CONFLICT (url_key) DO UPDATE
    SET url = EXCLUDED.url, locator = EXCLUDED.locator, source_id = EXCLUDED.source_id,
        document_id = EXCLUDED.document_id, title = EXCLUDED.title, title_derived = EXCLUDED.title_derived,
        description = EXCLUDED.description, site_name = EXCLUDED.site_name,
        published_at = EXCLUDED.published_at, language = EXCLUDED.language, dateline = EXCLUDED.dateline,
        text = EXCLUDED.text, word_count = EXCLUDED.word_count, content_hash = EXCLUDED.content_hash,
        extraction_method = EXCLUDED.extraction_method, extractor_version = EXCLUDED.extractor_version,
        provenance = EXCLUDED.provenance, published_precision = EXCLUDED.published_precision,
        modified_at = EXCLUDED.modified_at, canonical_url = EXCLUDED.canonical_url, image = EXCLUDED.image,
        tags = EXCLUDED.tags, categories = EXCLUDED.categories, keywords = EXCLUDED.keywords,
        license = EXCLUDED.license, reading_time_min = EXCLUDED.reading_time_min,
        access_status = EXCLUDED.access_status, updated_at = now(), last_run_id = EXCLUDED.last_run_id,
        airflow_run_id = EXCLUDED.airflow_run_id, simhash = EXCLUDED.simhash,
        search_vector = EXCLUDED.search_vector,
        entities_status = CASE WHEN (t.content_hash, t.language) IS DISTINCT FROM
                                    (EXCLUDED.content_hash, EXCLUDED.language)
                               THEN 'pending' ELSE t.entities_status END
    WHERE EXCLUDED.locator <= t.locator
      AND (t.document_id, t.extractor_version, t.content_hash, t.title, t.description, t.published_at,
           t.provenance)
          IS DISTINCT FROM
          (EXCLUDED.document_id, EXCLUDED.extractor_version, EXCLUDED.content_hash, EXCLUDED.title,
           EXCLUDED.description, EXCLUDED.published_at, EXCLUDED.provenance)
    RETURNING t.article_id, t.locator, t.url_key
)
INSERT INTO written_articles (article_id, locator, url_key)
SELECT article_id, locator, url_key FROM written;
