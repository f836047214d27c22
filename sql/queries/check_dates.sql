-- Dates within bounds: not before %(min_date)s, not more than a day in the future, not modified long
-- before publication.
SELECT 'articles' AS relation, a.article_id::text AS key,
       CASE WHEN a.published_at < %(min_date)s::timestamptz THEN 'published_at ' || a.published_at || ' before ' || %(min_date)s
            WHEN a.published_at > now() + interval '1 day' THEN 'published_at ' || a.published_at || ' in the future'
            WHEN a.modified_at > now() + interval '1 day' THEN 'modified_at ' || a.modified_at || ' in the future'
            ELSE 'modified_at ' || a.modified_at || ' before published_at ' || a.published_at END AS problem
FROM articles a
WHERE a.published_at < %(min_date)s::timestamptz
   OR a.published_at > now() + interval '1 day'
   OR a.modified_at > now() + interval '1 day'
   OR a.modified_at < a.published_at - interval '1 day'
ORDER BY a.article_id
LIMIT %(max_rows)s;
