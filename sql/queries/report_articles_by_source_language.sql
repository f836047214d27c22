SELECT s.name AS source, coalesce(a.language, '?') AS language, count(*) AS articles
FROM articles a
JOIN sources s USING (source_id)
GROUP BY 1, 2
ORDER BY 1, 2;
