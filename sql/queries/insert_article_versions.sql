-- Before an article is overwritten with a different text, title, description or date, its current version
-- goes to article_versions with the fields that change. The condition is upsert_articles' own (same winner
-- rule), narrowed to those fields: a re-load of unchanged content writes no version. FOR UPDATE: the row
-- cannot change between this snapshot and the upsert.
INSERT INTO article_versions (
    article_id, changed, replaced_by_run_id, valid_from, run_id, document_id, locator, title, description,
    published_at, text, word_count, content_hash, extractor_version)
SELECT t.article_id,
       array_remove(ARRAY[
           CASE WHEN t.content_hash IS DISTINCT FROM i.content_hash THEN 'text' END,
           CASE WHEN t.title IS DISTINCT FROM i.title THEN 'title' END,
           CASE WHEN t.description IS DISTINCT FROM i.description THEN 'description' END,
           CASE WHEN t.published_at IS DISTINCT FROM i.published_at THEN 'published_at' END], NULL),
       %(run_id)s, t.updated_at, t.last_run_id, t.document_id, t.locator, t.title, t.description,
       t.published_at, t.text, t.word_count, t.content_hash, t.extractor_version
FROM stage_incoming i
JOIN articles t ON t.url_key = i.url_key
WHERE i.locator <= t.locator
  AND (t.content_hash, t.title, t.description, t.published_at)
      IS DISTINCT FROM (i.content_hash, i.title, i.description, i.published_at)
ORDER BY t.article_id
FOR UPDATE OF t;
