-- The cached robots.txt of a host, when fetched less than `max_age_s` ago.
SELECT robots_status, robots_txt
FROM domain_state
WHERE host = %(host)s
  AND robots_fetched_at > clock_timestamp() - make_interval(secs => %(max_age_s)s);
