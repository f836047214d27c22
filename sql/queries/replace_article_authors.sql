-- Authors of the articles this batch (re)wrote: replaced as a set, so a corrected byline drops old names.
DELETE FROM article_authors aa
USING written_articles w
WHERE aa.article_id = w.article_id;

INSERT INTO article_authors (article_id, author_id, position)
SELECT DISTINCT ON (w.article_id, au.author_id) w.article_id, au.author_id, sa.position
FROM written_articles w
JOIN stage_article_authors sa ON sa.locator = w.locator
JOIN authors au ON au.name_key = sa.name_key
ORDER BY w.article_id, au.author_id, sa.position;
