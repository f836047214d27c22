"""Real Airflow runs (dag.test) of the DAGs into a real PostgreSQL schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import SEEDS, count


def load_dag(dag_id: str) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(Path(__file__).resolve().parents[2] / "dags"))
    assert not bag.import_errors
    return bag.get_dag(dag_id)


def test_news_ingest_files_loads_the_seeds_in_mapped_batches(airflow_db: Path, conn: Any) -> None:
    dag = load_dag("news_ingest_files")
    run = dag.test(run_conf={"paths": [str(SEEDS)], "batch_size": 4})
    assert str(run.state) in ("success", "DagRunState.SUCCESS")
    assert count(conn, "articles") == 13
    with conn.cursor() as cur:
        cur.execute("SELECT status, dag_id, counts FROM ingest_runs")
        status, dag_id, counts = cur.fetchone()
        cur.execute("SELECT count(*) FROM run_batches")
        batches = cur.fetchone()[0]
    assert (status, dag_id) == ("succeeded", "news_ingest_files")
    assert counts["inputs"] == 11 and counts["batches_planned"] == 3 == batches

    # Again over the unchanged seeds: the files that loaded whole are not read; only the one whose article
    # another locator owns (the utm-tagged copy) is read, and skipped on its bytes before parsing.
    again = dag.test(run_conf={"paths": [str(SEEDS)], "batch_size": 4})
    assert str(again.state) in ("success", "DagRunState.SUCCESS")
    with conn.cursor() as cur:
        cur.execute("SELECT status, counts FROM ingest_runs ORDER BY run_id DESC LIMIT 1")
        status, counts = cur.fetchone()
    assert status == "succeeded" and count(conn, "articles") == 13
    assert (counts["batches_planned"], counts["documents"], counts["unchanged"], counts["articles_written"]) \
        == (1, 1, 13, 0)
