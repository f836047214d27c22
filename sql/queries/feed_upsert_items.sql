-- Merge one feed's entries; returns one row per entry seen for the first time.
INSERT INTO feed_items (feed_id, guid, url, url_key, title, published_at, updated_at, authors, categories,
                        first_run_id)
SELECT DISTINCT ON (guid) %(feed_id)s, guid, url, url_key, title, published_at, updated_at, authors, categories,
       %(run_id)s
FROM stage_feed_items
ORDER BY guid
ON CONFLICT (feed_id, guid) DO UPDATE
SET url = EXCLUDED.url, url_key = EXCLUDED.url_key,
    title = coalesce(EXCLUDED.title, feed_items.title),
    published_at = coalesce(EXCLUDED.published_at, feed_items.published_at),
    updated_at = coalesce(EXCLUDED.updated_at, feed_items.updated_at),
    authors = CASE WHEN cardinality(EXCLUDED.authors) > 0 THEN EXCLUDED.authors ELSE feed_items.authors END,
    categories = CASE WHEN cardinality(EXCLUDED.categories) > 0 THEN EXCLUDED.categories
                      ELSE feed_items.categories END,
    last_seen_at = now()
RETURNING (xmax = 0) AS inserted;
