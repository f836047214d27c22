-- The batches a run planned that did not load (no run_batches row).
SELECT DISTINCT i.batch_no FROM run_inputs i
WHERE i.run_id = %(run_id)s AND i.batch_no IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM run_batches b WHERE b.run_id = i.run_id AND b.batch_no = i.batch_no)
ORDER BY i.batch_no;
