"""DAG integrity and policy: every DAG imports, and follows the rules we hold all DAGs to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dagbag() -> Any:
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_no_import_errors(dagbag: Any) -> None:
    assert dagbag.import_errors == {}
    assert "news_ingest_files" in dagbag.dag_ids


def test_every_dag_file_defines_a_dag(dagbag: Any) -> None:
    files = {p.stem for p in DAGS.glob("*.py")}
    assert files <= set(dagbag.dag_ids)


def test_policy(dagbag: Any) -> None:
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags and "news" in dag.tags, dag_id
        assert dag.catchup is False, dag_id
        assert dag.doc_md and len(dag.doc_md) > 200, dag_id
        for task in dag.tasks:
            assert task.execution_timeout is not None, (dag_id, task.task_id)
            # finish-style tasks may opt out of retries; work tasks must retry
            if not task.task_id.startswith(("finish", "check")):
                assert task.retries >= 1, (dag_id, task.task_id)
        for name, param in dag.params.items():
            schema = param.schema
            assert schema.get("title") and (param.description or schema.get("description")), (dag_id, name)
            assert schema.get("type"), (dag_id, name)


def test_fetch_tasks_at_once_are_bounded(dagbag: Any) -> None:
    """Each fetch task holds 1 + NEWS_FETCH_WORKERS warehouse connections: a DAG runs a bounded number."""
    for dag_id in ("news_fetch_urls", "news_poll_feeds"):
        assert dagbag.dags[dag_id].get_task("fetch_batch").max_active_tis_per_dag == 4, dag_id


def test_dags_do_not_import_heavy_modules_at_parse_time() -> None:
    for path in DAGS.glob("*.py"):
        top_level = [line for line in path.read_text().splitlines() if line.startswith(("import ", "from "))]
        assert not any("news_etl" in line for line in top_level), f"{path.name} imports news_etl at parse time"
