-- How many stored inputs (latest version per locator) a reprocess run would take.
SELECT count(DISTINCT d.locator)
FROM documents d JOIN sources s USING (source_id)
WHERE (%(source)s::text IS NULL OR s.name = %(source)s)
  AND (%(since)s::timestamptz IS NULL OR d.first_loaded_at >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL OR d.first_loaded_at < %(until)s::timestamptz);
