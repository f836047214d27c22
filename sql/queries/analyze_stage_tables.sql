-- Statistics of the batch's staging tables (temp tables are never auto-analyzed): without them the
-- planner guesses their sizes from pages and may scan a warehouse table instead of probing its indexes.
-- The wide columns (raw content, texts) are left out: no join or filter uses them.
ANALYZE stage_sources;
ANALYZE stage_documents (source_name, locator, sha256);
ANALYZE stage_articles (locator, source_name, document_sha256, url_key);
ANALYZE stage_article_authors;
ANALYZE stage_failures;
ANALYZE stage_article_urls;
ANALYZE stage_article_tags;
