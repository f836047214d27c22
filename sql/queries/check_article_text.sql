-- An article without text is only acceptable when its access_status says why (paywall, consent wall...).
SELECT 'articles' AS relation, a.article_id::text AS key,
       'no text (' || a.word_count || ' words) with access_status ok: ' || coalesce(a.url, a.locator) AS problem
FROM articles a
WHERE a.access_status = 'ok' AND (a.word_count = 0 OR btrim(a.text) = '')
ORDER BY a.article_id
LIMIT %(max_rows)s;
