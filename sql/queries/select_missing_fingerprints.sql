SELECT article_id, text FROM articles WHERE simhash IS NULL ORDER BY article_id LIMIT %(limit)s;
