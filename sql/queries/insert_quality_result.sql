INSERT INTO quality_check_results (airflow_run_id, check_name, passed, offending, sample)
VALUES (%(airflow_run_id)s, %(check_name)s, %(passed)s, %(offending)s, %(sample)s::jsonb);
