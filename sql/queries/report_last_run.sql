SELECT run_id, command, status, started_at, finished_at - started_at AS took, counts
FROM ingest_runs
ORDER BY run_id DESC
LIMIT 1;
