"""Scale-out: news_ingest_files on the CeleryExecutor (Redis broker on 127.0.0.1:6379, results in
PostgreSQL) with two workers started here; the mapped tasks run on both, and the warehouse ends up
exactly as the local path leaves it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import (
    DAG_ID,
    SEEDS,
    Processes,
    airflow_test_env,
    al,
    copy_inputs,
    e2e,
    expected_batches,
    free_port,
    ingest_run_row,
    local_run_checksums,
    metadata_database,
    processes_fixture,  # noqa: F401  (the `processes` fixture)
    warehouse_checksums,
)

pytestmark = [pytest.mark.e2e, e2e]

# Redis database 11 is used by nothing else here; the queue is the test's own as well, so two test
# sessions on one Redis never take each other's tasks.
BROKER = "redis://127.0.0.1:6379/11"
WORKERS = ("worker-a", "worker-b")
# Both workers run on this one machine, so socket.getfqdn() would name them alike in the task instances;
# each worker reports the name it is given instead (Airflow's [core] hostname_callable).
IDENTITY_MODULE = "import os\n\n\ndef hostname() -> str:\n    return os.environ['NEWS_E2E_WORKER']\n"


# Copies of the seeds, each in a directory of its own: enough batches that the first mapped task is still taking
# them over when the second worker is free again (a worker's supervisor can take up to its heartbeat interval
# to notice that a finished task's process exited; during that time it takes no other task).
COPIES = 4


def test_mapped_batches_run_on_two_celery_workers(tmp_path: Path, dsn: str, schema: str, conn: Any,
                                                  processes: Processes) -> None:
    copies = [tmp_path / "inputs" / f"copy{k}" for k in range(COPIES)]
    inputs = [path for copy in copies for path in copy_inputs(copy, [SEEDS])]
    paths = [str(copy) for copy in copies]
    batch_size = 2
    batches = expected_batches(len(inputs), batch_size)
    tasks = 4  # mapped tasks sharing the batches, more than one per worker
    assert batches >= tasks
    home = tmp_path / "airflow"
    port = free_port()
    (tmp_path / "worker_identity.py").write_text(IDENTITY_MODULE, encoding="utf-8")
    queue = f"news-e2e-{uuid.uuid4().hex[:8]}"
    with metadata_database(dsn) as metadata:
        celery = {
            "AIRFLOW__CELERY__BROKER_URL": BROKER,
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + al.sqlalchemy_url(metadata),
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
            # one task at a time per worker: a worker does not hoard queued batches
            "AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER": "1",
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
            # the supervisor's longest wait (5 s by default) before it sees a finished task's process gone
            "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "1",
        }
        env = airflow_test_env(home, port, metadata, dsn, schema, executor="CeleryExecutor", extra=celery)
        credentials = al.login(home)
        al.migrate_metadata(env, home / "db-migrate.log")
        api_server = processes.spawn(["airflow", "api-server"], env, home / "api-server.log")
        processes.spawn(["airflow", "scheduler"], env, home / "scheduler.log")
        processes.spawn(["airflow", "dag-processor"], env, home / "dag-processor.log")
        for name in WORKERS:
            worker_env = {**env, "NEWS_E2E_WORKER": name, "PYTHONPATH": str(tmp_path),
                          "AIRFLOW__CORE__HOSTNAME_CALLABLE": "worker_identity.hostname",
                          "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port())}
            processes.spawn(["airflow", "celery", "worker", "--celery-hostname", f"{name}@%h", "--queues", queue],
                            worker_env, home / f"{name}.log")
        base_url = f"http://127.0.0.1:{port}"
        al.wait_http(f"{base_url}/api/v2/monitor/health", 180, api_server, home / "api-server.log")
        api = al.AirflowAPI(base_url, credentials)
        api.wait_for_dag(DAG_ID)
        api.unpause(DAG_ID)
        run_id = api.trigger(DAG_ID, {"paths": paths, "batch_size": batch_size, "tasks": tasks})
        assert api.wait_for_run(DAG_ID, run_id, timeout=300, watch=processes.check_alive) == "success"

        mapped = [ti for ti in api.task_instances(DAG_ID, run_id) if ti["task_id"] == "ingest_batches"]
        assert sorted(ti["map_index"] for ti in mapped) == list(range(tasks))
        assert {ti["state"] for ti in mapped} == {"success"}
        ran_on = {ti["hostname"] for ti in mapped}
        assert ran_on == set(WORKERS), f"mapped batches ran on {ran_on}"
        assert {ti["queue"] for ti in mapped} == {queue}

    run = ingest_run_row(conn, run_id)
    assert (run["status"], run["counts"]["inputs"], run["batches"]) == ("succeeded", len(inputs), batches)
    loaded = warehouse_checksums(conn)
    assert loaded["articles"][0] > 0
    assert loaded == local_run_checksums(dsn, paths, batch_size)
