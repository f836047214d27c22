-- Tags, categories and keywords share one dictionary keyed on the lower-cased, trimmed label.
INSERT INTO tags (name, tag_key)
SELECT DISTINCT ON (lower(btrim(name))) btrim(name), lower(btrim(name))
FROM stage_article_tags
WHERE btrim(name) <> ''
ORDER BY lower(btrim(name)), btrim(name)
ON CONFLICT (tag_key) DO NOTHING;
