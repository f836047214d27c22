-- Register a feed or sitemap. Registering again (`feeds add`) re-activates a disabled one; a sitemap index
-- re-listing a child (reactivate false) leaves the child's state alone.
INSERT INTO feeds (url, url_key, kind, source_name, parent_feed_id, discovered_from, title)
VALUES (%(url)s, %(url_key)s, %(kind)s, %(source_name)s, %(parent_feed_id)s, %(discovered_from)s, %(title)s)
ON CONFLICT (url_key) DO UPDATE
SET title = coalesce(EXCLUDED.title, feeds.title),
    active = feeds.active OR %(reactivate)s,
    disabled_at = CASE WHEN %(reactivate)s THEN NULL ELSE feeds.disabled_at END,
    disabled_reason = CASE WHEN %(reactivate)s THEN NULL ELSE feeds.disabled_reason END,
    consecutive_failures = CASE WHEN %(reactivate)s THEN 0 ELSE feeds.consecutive_failures END,
    next_poll_at = CASE WHEN %(reactivate)s THEN now() ELSE feeds.next_poll_at END
RETURNING feed_id, url, kind, source_name, (xmax = 0) AS inserted;
