-- Entries of the polled feeds still to fetch: no article yet, no final answer yet (a fetch that got a page,
-- a 4xx, or a refusal), fewer than `max_attempts` tries; newest first, at most `per_feed` per feed.
WITH candidates AS (
    SELECT DISTINCT ON (fi.url_key) fi.feed_id, fi.url, fi.url_key,
           coalesce(fi.published_at, fi.updated_at, fi.first_seen_at) AS at
    FROM feed_items fi
    WHERE fi.feed_id = ANY(%(feed_ids)s) AND fi.url_key IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url_key = fi.url_key)
      AND NOT EXISTS (SELECT 1 FROM fetches f
                      WHERE f.url_key = fi.url_key AND f.purpose = 'article' AND NOT f.retryable)
      AND (SELECT count(*) FROM fetches f WHERE f.url_key = fi.url_key AND f.purpose = 'article') < %(max_attempts)s
    ORDER BY fi.url_key, fi.first_seen_at
), ranked AS (
    SELECT url, url_key, at, row_number() OVER (PARTITION BY feed_id ORDER BY at DESC, url_key) AS n
    FROM candidates
)
SELECT url, url_key FROM ranked WHERE n <= %(per_feed)s ORDER BY at DESC, url_key;
