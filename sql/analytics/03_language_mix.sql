-- The language mix of the corpus, with each language's share of articles and words.
SELECT language, articles, percent, words
FROM language_mix
ORDER BY articles DESC, language;
