-- Articles and words per source per day (UTC; undated articles count on the day they were first loaded).
SELECT day, source, articles, words, undated
FROM daily_source_volume
ORDER BY day DESC, articles DESC, source;
