INSERT INTO sources (name, kind, base_url)
SELECT DISTINCT ON (name) name, kind, base_url
FROM stage_sources
ORDER BY name
ON CONFLICT (name) DO NOTHING;
