-- One article per url_key. When several inputs carry the same key, the smallest locator wins, in the
-- batch and across runs, so the result does not depend on batch order; an unchanged row is not rewritten.
WITH incoming AS (
    SELECT DISTINCT ON (a.url_key) a.*, s.source_id, d.document_id
    FROM stage_articles a
    JOIN sources s ON s.name = a.source_name
    JOIN documents d ON d.locator = a.locator AND d.sha256 = a.document_sha256
    ORDER BY a.url_key, a.locator
), written AS (
    INSERT INTO articles AS t (
        url_key, url, locator, source_id, document_id, title, title_derived, description, site_name,
        published_at, language, dateline, text, word_count, content_hash, extraction_method,
        extractor_version, provenance, published_precision, modified_at, canonical_url, image, tags, categories,
        keywords, license, reading_time_min, access_status, last_run_id)
    SELECT url_key, url, locator, source_id, document_id, title, title_derived, description, site_name,
           published_at, language, dateline, text, word_count, content_hash, extraction_method,
           %(extractor_version)s, provenance, published_precision, modified_at, canonical_url, image, tags,
           categories, keywords, license, reading_time_min, access_status, %(run_id)s
    FROM incoming
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
        access_status = EXCLUDED.access_status, updated_at = now(), last_run_id = EXCLUDED.last_run_id
    WHERE EXCLUDED.locator <= t.locator
      AND (t.document_id, t.extractor_version, t.content_hash, t.title, t.published_at, t.provenance)
          IS DISTINCT FROM
          (EXCLUDED.document_id, EXCLUDED.extractor_version, EXCLUDED.content_hash, EXCLUDED.title,
           EXCLUDED.published_at, EXCLUDED.provenance)
    RETURNING t.article_id, t.locator
)
INSERT INTO written_articles (article_id, locator)
SELECT article_id, locator FROM written;
