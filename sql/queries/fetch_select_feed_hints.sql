-- What feeds and sitemaps said about these pages (first listing wins): the page's title/date/author evidence.
SELECT DISTINCT ON (url_key)
       url_key, title, coalesce(published_at, updated_at) AS published_at, updated_at, authors, categories
FROM feed_items
WHERE url_key = ANY(%(url_keys)s)
ORDER BY url_key, (title IS NULL), first_seen_at, feed_item_id;
