-- One row per distinct input (locator + content hash); seeing it again only refreshes when and by which run.
INSERT INTO documents (source_id, locator, url, sha256, kind, size_bytes, content, status, charset, last_run_id)
SELECT DISTINCT ON (d.locator, d.sha256)
       s.source_id, d.locator, d.url, d.sha256, d.kind, d.size_bytes, d.content, d.status, d.charset, %(run_id)s
FROM stage_documents d
JOIN sources s ON s.name = d.source_name
ORDER BY d.locator, d.sha256
ON CONFLICT (locator, sha256) DO UPDATE
SET last_seen_at = now(), last_run_id = EXCLUDED.last_run_id, status = EXCLUDED.status;
