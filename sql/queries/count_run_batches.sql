SELECT count(DISTINCT batch_no) FROM run_inputs WHERE run_id = %(run_id)s;
