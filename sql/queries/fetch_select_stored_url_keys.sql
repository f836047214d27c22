-- Which of these normalized URLs already have an article (not fetched again unless asked).
SELECT url_key FROM articles WHERE url_key = ANY(%(url_keys)s);
