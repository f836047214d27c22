-- Rows pointing at rows that are gone (foreign keys can be bypassed: replication role, manual fixes,
-- restores of single tables). One row per offender: (relation, key, problem).
SELECT 'articles' AS relation, a.article_id::text AS key, 'document ' || a.document_id || ' missing' AS problem
FROM articles a LEFT JOIN documents d USING (document_id) WHERE d.document_id IS NULL
UNION ALL
SELECT 'articles', a.article_id::text, 'source ' || a.source_id || ' missing'
FROM articles a LEFT JOIN sources s USING (source_id) WHERE s.source_id IS NULL
UNION ALL
SELECT 'documents', d.document_id::text, 'source ' || d.source_id || ' missing'
FROM documents d LEFT JOIN sources s USING (source_id) WHERE s.source_id IS NULL
UNION ALL
SELECT 'article_authors', aa.article_id || '/' || aa.author_id,
       CASE WHEN a.article_id IS NULL THEN 'article missing' ELSE 'author missing' END
FROM article_authors aa LEFT JOIN articles a USING (article_id) LEFT JOIN authors au USING (author_id)
WHERE a.article_id IS NULL OR au.author_id IS NULL
UNION ALL
SELECT 'article_tags', at.article_id || '/' || at.tag_id || '/' || at.kind,
       CASE WHEN a.article_id IS NULL THEN 'article missing' ELSE 'tag missing' END
FROM article_tags at LEFT JOIN articles a USING (article_id) LEFT JOIN tags t USING (tag_id)
WHERE a.article_id IS NULL OR t.tag_id IS NULL
UNION ALL
SELECT 'article_entities', ae.article_id || '/' || ae.entity_id,
       CASE WHEN a.article_id IS NULL THEN 'article missing' ELSE 'entity missing' END
FROM article_entities ae LEFT JOIN articles a USING (article_id) LEFT JOIN entities e USING (entity_id)
WHERE a.article_id IS NULL OR e.entity_id IS NULL
UNION ALL
SELECT 'article_urls', u.url, 'article ' || u.article_id || ' missing'
FROM article_urls u LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL
UNION ALL
SELECT 'article_versions', v.version_id::text, 'article ' || v.article_id || ' missing'
FROM article_versions v LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL
ORDER BY 1, 2
LIMIT %(max_rows)s;
