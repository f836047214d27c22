-- Failures matching the filters of `news-etl failures` / `retry-failures` (and the ids a retry re-checks);
-- a NULL filter matches all.
SELECT f.failure_id, f.locator, f.stage, f.error_class, f.message, s.name AS source_name, f.run_id,
       f.sha256, f.first_seen_at, f.last_seen_at, f.resolved_at
FROM failures f
LEFT JOIN sources s USING (source_id)
WHERE (%(stage)s::text IS NULL OR f.stage = %(stage)s)
  AND (%(error_class)s::text IS NULL OR f.error_class = %(error_class)s)
  AND (%(source_name)s::text IS NULL OR s.name = %(source_name)s)
  AND (%(run_id)s::bigint IS NULL OR f.run_id = %(run_id)s)
  AND (%(since)s::timestamptz IS NULL OR f.last_seen_at >= %(since)s::timestamptz)
  AND (NOT %(unresolved)s OR f.resolved_at IS NULL)
  AND (%(failure_ids)s::bigint[] IS NULL OR f.failure_id = ANY(%(failure_ids)s::bigint[]))
ORDER BY f.locator, f.stage, f.failure_id;
