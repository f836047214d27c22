-- The batches a run already planned: no row when it planned nothing yet; NULL for inputs skipped at planning.
SELECT DISTINCT batch_no FROM run_inputs
WHERE run_id = %(run_id)s
ORDER BY batch_no;
