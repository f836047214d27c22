INSERT INTO authors (name, name_key)
SELECT DISTINCT ON (name_key) name, name_key
FROM stage_article_authors
ORDER BY name_key, name
ON CONFLICT (name_key) DO NOTHING;
