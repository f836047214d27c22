SELECT article_id, url, title, language, published_at, source, rank, snippet
FROM search_articles(%(query)s, %(lang)s, %(max_hits)s);
