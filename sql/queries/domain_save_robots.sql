INSERT INTO domain_state AS d (host, robots_status, robots_txt, robots_fetched_at, crawl_delay_s)
VALUES (%(host)s, %(status)s, %(robots_txt)s, clock_timestamp(), %(crawl_delay_s)s)
ON CONFLICT (host) DO UPDATE
SET robots_status = EXCLUDED.robots_status, robots_txt = EXCLUDED.robots_txt,
    robots_fetched_at = EXCLUDED.robots_fetched_at, crawl_delay_s = EXCLUDED.crawl_delay_s;
