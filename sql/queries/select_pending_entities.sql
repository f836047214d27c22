SELECT article_id, language, text, content_hash
FROM articles
WHERE entities_status = 'pending'
ORDER BY article_id
LIMIT %(limit)s;
