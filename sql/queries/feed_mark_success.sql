-- A poll that got an answer: 304 or an unchanged body keep the stored validators and hash.
UPDATE feeds
SET last_polled_at = now(), last_success_at = now(), last_status = %(status)s, last_error = NULL,
    etag = CASE WHEN %(changed)s THEN %(etag)s ELSE coalesce(%(etag)s, etag) END,
    last_modified = CASE WHEN %(changed)s THEN %(last_modified)s ELSE coalesce(%(last_modified)s, last_modified) END,
    body_sha256 = coalesce(%(body_sha256)s, body_sha256),
    format = coalesce(%(format)s, format),
    title = coalesce(title, %(title)s),
    consecutive_failures = 0,
    next_poll_at = now() + make_interval(secs => %(interval_s)s),
    items_seen = items_seen + %(new_items)s
WHERE feed_id = %(feed_id)s;
