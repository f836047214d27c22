-- The documents of the inputs skipped at planning: recorded as seen by this run, as touch_documents does for
-- the inputs a batch read and found unchanged.
UPDATE documents d
SET last_seen_at = now(), last_run_id = %(run_id)s
FROM (SELECT unnest(f.document_ids) AS document_id
      FROM run_inputs r
      JOIN input_files f ON f.locator = r.locator
      WHERE r.run_id = %(run_id)s AND r.batch_no IS NULL) s
WHERE d.document_id = s.document_id;
