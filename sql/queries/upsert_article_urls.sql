-- Every URL an article was seen under, from every input of the batch (also those whose copy lost to a
-- smaller locator), plus canonical URLs. A URL first seen as plain and later named canonical is flagged.
INSERT INTO article_urls AS u (url, url_key, article_id, is_canonical, first_run_id)
SELECT DISTINCT ON (su.url) su.url, su.url_key, a.article_id, su.is_canonical, %(run_id)s
FROM stage_article_urls su
JOIN stage_articles sa ON sa.locator = su.locator
JOIN articles a ON a.url_key = sa.url_key
ORDER BY su.url, su.is_canonical DESC, su.locator
ON CONFLICT (url) DO UPDATE SET is_canonical = true
WHERE EXCLUDED.is_canonical AND NOT u.is_canonical AND u.article_id = EXCLUDED.article_id;
