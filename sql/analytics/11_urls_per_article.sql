-- Articles seen under more than one URL (tracking parameters, canonical links, republished pages).
SELECT a.article_id, a.title, count(*) AS urls, bool_or(u.is_canonical) AS has_canonical,
       array_agg(u.url ORDER BY u.is_canonical DESC, u.url) AS seen_as
FROM article_urls u JOIN articles a USING (article_id)
GROUP BY a.article_id, a.title
HAVING count(*) > 1
ORDER BY urls DESC, a.article_id;
