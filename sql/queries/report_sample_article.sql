-- The most complete article: a title that is not derived, authors, a date.
SELECT a.article_id, a.url, a.title, a.title_derived, a.published_at, a.language, a.site_name, a.dateline,
       a.word_count, a.extraction_method,
       (SELECT string_agg(au.name, ', ' ORDER BY aa.position)
        FROM article_authors aa JOIN authors au USING (author_id)
        WHERE aa.article_id = a.article_id) AS authors,
       left(a.text, 200) AS text_start
FROM articles a
ORDER BY (a.title IS NOT NULL AND NOT a.title_derived) DESC,
         EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.article_id) DESC,
         (a.published_at IS NOT NULL) DESC, a.url_key
LIMIT 1;
