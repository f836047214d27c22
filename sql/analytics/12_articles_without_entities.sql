-- Why articles have no named entities: per language, how many were analysed and how many have no model.
SELECT coalesce(language, 'unknown') AS language, entities_status, count(*) AS articles
FROM articles
GROUP BY 1, 2
ORDER BY 1, 2;
