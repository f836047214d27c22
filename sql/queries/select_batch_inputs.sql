SELECT locator, source_name
FROM run_inputs
WHERE run_id = %(run_id)s AND batch_no = %(batch_no)s
ORDER BY locator;
