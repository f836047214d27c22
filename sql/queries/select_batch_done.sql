SELECT 1 FROM run_batches WHERE run_id = %(run_id)s AND batch_no = %(batch_no)s;
