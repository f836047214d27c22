-- The stored bytes of a reprocess batch: for each planned locator, its latest version.
SELECT DISTINCT ON (d.locator) d.locator, d.kind, d.url, d.content, i.source_name, d.charset
FROM run_inputs i
JOIN documents d ON d.locator = i.locator
WHERE i.run_id = %(run_id)s AND i.batch_no = %(batch_no)s
ORDER BY d.locator, d.last_seen_at DESC, d.document_id DESC;
