-- After a batch loaded (same transaction): an input whose every document is now stored as extracted and
-- holds an article of this extractor version gets its validators stored (input_files), so that the next run
-- skips it unread while its size and modification time stay the same. The batch's other inputs (failed,
-- changed, or whose text another locator owns) lose theirs.
WITH docs AS (
    SELECT i.input, d.document_id,
           d.document_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM articles a
               WHERE a.document_id = d.document_id AND a.extractor_version = %(extractor_version)s) AS settled
    FROM unnest(%(doc_inputs)s::text[], %(doc_locators)s::text[], %(doc_sha256s)s::text[])
         AS i (input, locator, sha256)
    LEFT JOIN documents d ON d.locator = i.locator AND d.sha256 = i.sha256 AND d.status = 'extracted'
), settled AS (
    SELECT input, array_agg(document_id ORDER BY document_id) AS document_ids
    FROM docs
    GROUP BY input
    HAVING bool_and(settled)
), unsettled AS (
    DELETE FROM input_files f
    USING unnest(%(inputs)s::text[]) AS x (locator)
    WHERE f.locator = x.locator AND NOT EXISTS (SELECT 1 FROM settled s WHERE s.input = x.locator)
)
INSERT INTO input_files AS f (locator, size_bytes, mtime_ns, extractor_version, document_ids, settled_run_id)
SELECT i.locator, i.size_bytes, i.mtime_ns, %(extractor_version)s, s.document_ids, %(run_id)s
FROM unnest(%(inputs)s::text[], %(sizes)s::bigint[], %(mtimes)s::bigint[]) AS i (locator, size_bytes, mtime_ns)
JOIN settled s ON s.input = i.locator
WHERE i.size_bytes IS NOT NULL
ON CONFLICT (locator) DO UPDATE
SET size_bytes = EXCLUDED.size_bytes, mtime_ns = EXCLUDED.mtime_ns, extractor_version = EXCLUDED.extractor_version,
    document_ids = EXCLUDED.document_ids, settled_run_id = EXCLUDED.settled_run_id, settled_at = now();
