-- The stored inputs to re-extract, latest version per locator, numbered into batches of %(batch_size)s.
INSERT INTO run_inputs (run_id, batch_no, locator, source_name)
SELECT %(run_id)s, ((row_number() OVER (ORDER BY locator)) - 1) / %(batch_size)s, locator, source_name
FROM (
    SELECT DISTINCT ON (d.locator) d.locator, s.name AS source_name
    FROM documents d JOIN sources s USING (source_id)
    WHERE (%(source)s::text IS NULL OR s.name = %(source)s)
      AND (%(since)s::timestamptz IS NULL OR d.first_loaded_at >= %(since)s::timestamptz)
      AND (%(until)s::timestamptz IS NULL OR d.first_loaded_at < %(until)s::timestamptz)
    ORDER BY d.locator
) latest
ORDER BY locator;
