-- A failed poll backs off exponentially (capped at a day, at least any Retry-After); after `limit`
-- consecutive failures, or at once for a permanent answer (410 Gone), the feed is disabled with its reason.
UPDATE feeds
SET last_polled_at = now(), last_status = %(status)s, last_error = %(error)s,
    consecutive_failures = consecutive_failures + 1,
    next_poll_at = now() + make_interval(secs => greatest(
        coalesce(%(retry_after_s)s, 0), least(%(interval_s)s * power(2, consecutive_failures), 86400))),
    active = active AND NOT (%(permanent)s OR consecutive_failures + 1 >= %(limit)s),
    disabled_at = CASE WHEN active AND (%(permanent)s OR consecutive_failures + 1 >= %(limit)s) THEN now()
                       ELSE disabled_at END,
    disabled_reason = CASE WHEN active AND (%(permanent)s OR consecutive_failures + 1 >= %(limit)s)
                           THEN format('%%s after %%s consecutive failed polls', %(error)s, consecutive_failures + 1)
                           ELSE disabled_reason END
WHERE feed_id = %(feed_id)s
RETURNING active, consecutive_failures;
