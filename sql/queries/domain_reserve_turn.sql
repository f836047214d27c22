-- Reserve the next start time for a request to this host, `delay_s` after the previous reservation.
-- The row lock of ON CONFLICT serializes concurrent callers (any process, any worker); the caller then
-- sleeps `wait_s` before sending. Returns how long to wait.
INSERT INTO domain_state AS d (host, next_allowed_at, requests)
VALUES (%(host)s, clock_timestamp() + make_interval(secs => %(delay_s)s), 1)
ON CONFLICT (host) DO UPDATE
SET next_allowed_at = greatest(d.next_allowed_at, clock_timestamp()) + make_interval(secs => %(delay_s)s),
    requests = d.requests + 1
RETURNING greatest(extract(epoch FROM (next_allowed_at - clock_timestamp()))::float8 - %(delay_s)s, 0);
