"""news_quality: real dag.test() runs that pass on a clean warehouse and fail, naming rows, on a corrupted one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import FIXTURES, SEEDS
from test_dag_runs import load_dag, task_states
from warehouse_helpers import rows

from news_etl.cli import main
from news_etl.pipeline import ingest


def test_quality_dag_passes_then_fails_loudly_on_corrupted_rows(airflow_db: Path, conn: Any) -> None:
    ingest(conn, [str(SEEDS), str(FIXTURES / "wire")])
    dag = load_dag("news_quality")
    run = dag.test()
    assert str(run.state).endswith("success"), task_states(run)
    assert rows(conn, "SELECT count(*), bool_and(passed) FROM quality_check_results") == [(4, True)]
    assert rows(conn, "SELECT count(*) FROM articles WHERE entities_status = 'pending'") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM author_activity") != [(0,)]  # the views were refreshed

    victims = [r[0] for r in rows(conn, "SELECT article_id FROM articles ORDER BY article_id LIMIT 3")]
    with conn, conn.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")  # bypass foreign keys, as a bad restore would
        cur.execute("DELETE FROM documents WHERE document_id = "
                    "(SELECT document_id FROM articles WHERE article_id = %s)", (victims[0],))
        cur.execute("UPDATE articles SET text = '', word_count = 0 WHERE article_id = %s", (victims[1],))
        cur.execute("UPDATE articles SET published_at = '1850-01-01' WHERE article_id = %s", (victims[2],))

    run = dag.test()
    states = task_states(run)
    assert str(run.state).endswith("failed")
    assert {t: states[t] for t in states if t.startswith("check_")} == {
        "check_orphan_rows": "failed", "check_article_text": "failed", "check_dates": "failed",
        "check_fill_rates": "success"}
    failed = dict(rows(conn, "SELECT check_name, sample FROM quality_check_results WHERE NOT passed"))
    assert failed["orphan_rows"][0]["key"] == str(victims[0])
    assert "document" in failed["orphan_rows"][0]["problem"]
    assert [s["key"] for s in failed["article_text"]] == [str(victims[1])]
    assert [s["key"] for s in failed["dates"]] == [str(victims[2])]
    assert "1850" in failed["dates"][0]["problem"]


def test_fill_rate_thresholds_are_params(airflow_db: Path, conn: Any) -> None:
    ingest(conn, [str(FIXTURES / "wire")])
    dag = load_dag("news_quality")
    run = dag.test(run_conf={"min_articles": 1, "min_title_rate": 1.0, "min_date_rate": 1.0, "min_author_rate": 0})
    assert task_states(run)["check_fill_rates"] == "success"  # every wire copy has a title and a date
    run = dag.test(run_conf={"min_articles": 2, "min_title_rate": 1.0, "min_date_rate": 1.0,
                             "min_date": "2024-05-17"})
    states = task_states(run)
    assert (states["check_fill_rates"], states["check_dates"]) == ("success", "failed")
    dates = rows(conn, "SELECT sample FROM quality_check_results WHERE check_name = 'dates' AND NOT passed")[0][0]
    assert len(dates) == 3  # the three copies of 2024-05-16; the analysis is of the 17th


def test_quality_command_exit_code(conn: Any, capsys: Any) -> None:
    ingest(conn, [str(FIXTURES / "wire")])
    assert main(["quality"]) == 0
    assert main(["quality", "--min-articles", "1", "--min-date-rate", "1.01"]) == 1
    assert "fill_rates: 3 offending row(s)" in capsys.readouterr().out
