-- Active feeds and sitemaps due for a poll (all active ones when forced). The grace keeps an hourly
-- schedule from skipping a feed whose next poll falls a few seconds after the run starts.
SELECT feed_id, url, kind, source_name, etag, last_modified, body_sha256, consecutive_failures
FROM feeds
WHERE active AND (%(force)s OR next_poll_at <= now() + interval '5 minutes')
  AND (%(parent_feed_id)s::bigint IS NULL OR parent_feed_id = %(parent_feed_id)s)
ORDER BY feed_id;
