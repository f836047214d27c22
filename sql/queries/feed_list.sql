SELECT feed_id, kind, url, source_name, active, format, title, items_seen, consecutive_failures,
       last_status, last_success_at, next_poll_at, disabled_reason
FROM feeds
ORDER BY source_name, kind, url;
