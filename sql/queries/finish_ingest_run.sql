-- Totals from what the batches recorded; the run succeeded only if every planned batch loaded. Unchanged
-- documents: those of the inputs skipped at planning (batch_no NULL, not read) and those a batch read and
-- found unchanged.
WITH planned AS (
    SELECT count(DISTINCT r.batch_no) AS batches, count(*) AS inputs,
           coalesce(sum(cardinality(f.document_ids)), 0) AS unread
    FROM run_inputs r
    LEFT JOIN input_files f ON r.batch_no IS NULL AND f.locator = r.locator
    WHERE r.run_id = %(run_id)s
), done AS (
    SELECT count(*) AS batches,
           coalesce(sum((counts ->> 'documents')::int), 0) AS documents,
           coalesce(sum((counts ->> 'articles')::int), 0) AS articles,
           coalesce(sum((counts ->> 'articles_written')::int), 0) AS articles_written,
           coalesce(sum((counts ->> 'failures')::int), 0) AS failures,
           coalesce(sum((counts ->> 'unchanged')::int), 0) AS unchanged
    FROM run_batches WHERE run_id = %(run_id)s
)
UPDATE ingest_runs r
SET finished_at = now(),
    status = CASE WHEN done.batches = planned.batches THEN 'succeeded' ELSE 'failed' END,
    counts = jsonb_build_object(
        'inputs', planned.inputs, 'batches_planned', planned.batches, 'batches_loaded', done.batches,
        'documents', done.documents, 'articles', done.articles, 'articles_written', done.articles_written,
        'failures', done.failures, 'unchanged', planned.unread + done.unchanged)
FROM planned, done
WHERE r.run_id = %(run_id)s
RETURNING r.status, r.counts;
