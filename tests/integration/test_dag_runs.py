"""Real Airflow runs (dag.test) of the DAGs into a real PostgreSQL schema."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import SEEDS, count

from news_etl.pipeline import slot_batches


def load_dag(dag_id: str) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(Path(__file__).resolve().parents[2] / "dags"))
    assert not bag.import_errors
    return bag.get_dag(dag_id)


def mapped_results(dag_id: str, run_id: str, task_id: str) -> list[dict[str, Any]]:
    """What each mapped copy of a task returned (its XCom), in map-index order."""
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = (session.query(XComModel)
                .filter(XComModel.dag_id == dag_id, XComModel.run_id == run_id, XComModel.task_id == task_id,
                        XComModel.key == "return_value")
                .order_by(XComModel.map_index).all())
        return [XComModel.deserialize_value(row) for row in rows]


def task_states(run: Any) -> dict[str, str]:
    """Each task's state in a DAG run ("success", "skipped", ...); a mapped task's copies share one entry."""
    return {ti.task_id: str(ti.state).split(".")[-1].lower() for ti in run.get_task_instances()}


def asset_events(run: Any) -> int:
    """How many asset events a DAG run emitted."""
    from airflow.models.asset import AssetEvent
    from airflow.utils.session import create_session

    with create_session() as session:
        return session.query(AssetEvent).filter(AssetEvent.source_run_id == run.run_id).count()


def test_news_ingest_files_loads_the_seeds_in_mapped_batches(airflow_db: Path, conn: Any) -> None:
    dag = load_dag("news_ingest_files")
    run = dag.test(run_conf={"paths": [str(SEEDS)], "batch_size": 4, "tasks": 2})
    assert str(run.state) in ("success", "DagRunState.SUCCESS")
    assert count(conn, "articles") == 13
    with conn.cursor() as cur:
        cur.execute("SELECT status, dag_id, counts FROM ingest_runs")
        status, dag_id, counts = cur.fetchone()
        cur.execute("SELECT count(*) FROM run_batches")
        batches = cur.fetchone()[0]
    assert (status, dag_id) == ("succeeded", "news_ingest_files")
    assert counts["inputs"] == 11 and counts["batches_planned"] == 3 == batches
    # three batches shared by the two mapped tasks asked for, the 1st and 3rd the first one's, the 2nd the
    # second's; dag.test runs them one after the other (in either order), so the one that runs first, done
    # with its share, takes over the other's and the other finds all three loaded; counts only in XCom
    shares = mapped_results("news_ingest_files", run.run_id, "ingest_batches")
    assert sorted((s["batches"], s["batches_skipped"]) for s in shares) == [(0, 3), (3, 0)]
    ran_first = next(i for i, s in enumerate(shares) if s["batches"])
    assert shares[ran_first]["batches_taken_over"] == len(slot_batches([0, 1, 2], 1 - ran_first, 2))
    assert sum(share["inputs"] for share in shares) == 11
    assert all(set(share) <= {"run_id", "batches", "batches_skipped", "batches_elsewhere", "batches_taken_over",
                              "inputs", "documents", "articles", "articles_written", "failures", "unchanged",
                              "seconds", "max_rss_mb", "search_pages_merged", "search_merge_s"}
               for share in shares)
    # the task that loaded merged the search index's pending list itself; the other had nothing to merge
    assert shares[ran_first]["search_pages_merged"] >= 1 and "search_pages_merged" not in shares[1 - ran_first]

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


def test_a_run_with_nothing_to_read_is_closed_by_start_run_alone(airflow_db: Path, conn: Any, tmp_path: Path) -> None:
    """A re-run over an unchanged corpus plans no batch: start_run closes the run itself, so the mapped task
    and finish_run are skipped (no second task to schedule) and no news_articles event wakes news_quality."""
    for name in ("en_harbourside_port_expansion.html", "fr_lyon_vendanges_beaujolais.html"):
        shutil.copy(SEEDS / "html" / name, tmp_path / name)
    dag = load_dag("news_ingest_files")
    first = dag.test(run_conf={"paths": [str(tmp_path)]})
    assert task_states(first) == {"start_run": "success", "ingest_batches": "success", "finish_run": "success"}
    assert asset_events(first) == 1 and count(conn, "articles") == 2

    again = dag.test(run_conf={"paths": [str(tmp_path)]})
    assert str(again.state) in ("success", "DagRunState.SUCCESS")
    assert task_states(again) == {"start_run": "success", "ingest_batches": "skipped", "finish_run": "skipped"}
    assert asset_events(again) == 0
    with conn.cursor() as cur:
        cur.execute("SELECT status, finished_at IS NOT NULL, counts FROM ingest_runs ORDER BY run_id DESC LIMIT 1")
        status, finished, counts = cur.fetchone()
    assert (status, finished) == ("succeeded", True)
    assert (counts["batches_planned"], counts["unchanged"], counts["articles_written"]) == (0, 2, 0)
