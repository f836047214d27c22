-- Which stories were republished by the most outlets, who had them first, and how fast they spread.
SELECT cluster_id, articles, sources, first_source, first_title, first_published_at,
       round(spread_hours::numeric, 1) AS spread_hours, source_names
FROM syndication_clusters
ORDER BY sources DESC, articles DESC, first_published_at
LIMIT 20;
