-- Labels of the articles this batch (re)wrote, replaced as a set like their authors.
DELETE FROM article_tags at
USING written_articles w
WHERE at.article_id = w.article_id;

INSERT INTO article_tags (article_id, tag_id, kind)
SELECT DISTINCT w.article_id, t.tag_id, st.kind
FROM written_articles w
JOIN stage_article_tags st ON st.locator = w.locator
JOIN tags t ON t.tag_key = lower(btrim(st.name))
ORDER BY 1, 2, 3;
