-- The most active authors, where they publish, in which languages, and their typical length.
SELECT author, articles, sources, source_names, languages, first_published_at, last_published_at, mean_words
FROM author_activity
ORDER BY articles DESC, author
LIMIT 25;
