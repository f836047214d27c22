-- The ingest run a DAG run already opened (a retried start task reuses it instead of opening another).
SELECT run_id FROM ingest_runs
WHERE dag_id = %(dag_id)s AND airflow_run_id = %(airflow_run_id)s
ORDER BY run_id
LIMIT 1;
