SELECT 'sources' AS table_name, count(*) FROM sources
UNION ALL SELECT 'documents', count(*) FROM documents
UNION ALL SELECT 'articles', count(*) FROM articles
UNION ALL SELECT 'authors', count(*) FROM authors
UNION ALL SELECT 'article_authors', count(*) FROM article_authors
UNION ALL SELECT 'failures', count(*) FROM failures
UNION ALL SELECT 'ingest_runs', count(*) FROM ingest_runs;
