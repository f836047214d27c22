-- Per source with at least %(min_articles)s articles: the share of articles with a title, an author and a
-- publication date must reach its threshold. Computed live (the health view may be stale).
WITH rates AS (
    SELECT s.name AS source, count(*) AS articles,
           avg((a.title IS NOT NULL)::int) AS title,
           avg((EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.article_id))::int) AS author,
           avg((a.published_at IS NOT NULL)::int) AS date
    FROM articles a JOIN sources s USING (source_id)
    GROUP BY s.name
    HAVING count(*) >= %(min_articles)s
)
SELECT 'sources' AS relation, source AS key,
       concat_ws('; ',
           CASE WHEN title < %(min_title_rate)s THEN format('title %%s%%%% < %%s%%%%', round(100 * title), round(100 * %(min_title_rate)s)) END,
           CASE WHEN author < %(min_author_rate)s THEN format('author %%s%%%% < %%s%%%%', round(100 * author), round(100 * %(min_author_rate)s)) END,
           CASE WHEN date < %(min_date_rate)s THEN format('date %%s%%%% < %%s%%%%', round(100 * date), round(100 * %(min_date_rate)s)) END)
       || format(' (%%s articles)', articles) AS problem
FROM rates
WHERE title < %(min_title_rate)s OR author < %(min_author_rate)s OR date < %(min_date_rate)s
ORDER BY source
LIMIT %(max_rows)s;
