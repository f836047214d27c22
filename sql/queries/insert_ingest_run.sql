INSERT INTO ingest_runs (command, params, dag_id, airflow_run_id)
VALUES (%(command)s, %(params)s::jsonb, %(dag_id)s, %(airflow_run_id)s)
RETURNING run_id;
