-- A server asked us to slow down (429/503 Retry-After): no request to this host starts before then.
INSERT INTO domain_state AS d (host, next_allowed_at)
VALUES (%(host)s, clock_timestamp() + make_interval(secs => %(seconds)s))
ON CONFLICT (host) DO UPDATE
SET next_allowed_at = greatest(d.next_allowed_at, clock_timestamp() + make_interval(secs => %(seconds)s));
