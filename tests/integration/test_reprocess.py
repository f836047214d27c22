"""news_reprocess: re-extraction from stored documents only, idempotent, by source, through real dag.test()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import FIXTURES, SEEDS
from test_dag_runs import load_dag
from warehouse_helpers import checksums, rows

from news_etl.pipeline import ingest
from news_etl.reprocess import rebuild_document, reprocess


def test_reprocess_twice_changes_nothing_and_repairs_what_changed(airflow_db: Path, conn: Any,
                                                                  tmp_path: Path) -> None:
    ingest(conn, [str(SEEDS), str(FIXTURES / "wire")])
    before = checksums(conn)
    dag = load_dag("news_reprocess")
    for _ in range(2):
        run = dag.test(run_conf={"batch_size": 5})
        assert str(run.state).endswith("success")
        assert checksums(conn) == before  # same extractor, same bytes: nothing rewritten
    counts = rows(conn, "SELECT counts FROM ingest_runs WHERE command = 'dag news_reprocess' ORDER BY run_id")
    assert [(c["inputs"], c["articles_written"]) for (c,) in counts] == [(18, 0), (18, 0)]

    # as if an older extractor had produced a worse text for two articles, one of them a JSON record
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE articles SET text = 'old text', content_hash = 'old' "
                    "WHERE locator LIKE '%%wire_copies.jsonl#L1' OR locator LIKE '%%de_berlin%%' RETURNING article_id")
        touched = sorted(r[0] for r in cur.fetchall())
    assert len(touched) == 2
    run = dag.test(run_conf={"batch_size": 5})
    assert str(run.state).endswith("success")
    assert checksums(conn)["articles"] == before["articles"]  # rebuilt from documents alone
    versions = rows(conn, "SELECT article_id, text, changed FROM article_versions ORDER BY article_id")
    assert versions == [(a, "old text", ["text"]) for a in touched]
    airflow_run = rows(conn, "SELECT DISTINCT airflow_run_id FROM articles WHERE article_id = ANY(%s)", (touched,))
    assert airflow_run == [(run.run_id,)]


def test_reprocess_one_source_or_a_date_range(conn: Any) -> None:
    ingest(conn, [str(SEEDS), str(FIXTURES / "wire")])
    one = reprocess(conn, source="files:wire")
    assert (one["inputs"], one["articles"], one["articles_written"]) == (4, 4, 0)
    assert reprocess(conn, since="2999-01-01")["inputs"] == 0
    assert reprocess(conn, until="2999-01-01")["inputs"] == 18


def test_a_stored_record_is_rebuilt_with_its_hints() -> None:
    line = (FIXTURES / "wire" / "wire_copies.jsonl").read_bytes().splitlines()[0]
    doc = rebuild_document("x.jsonl#L1", "record", None, line, "files:wire")
    assert doc.hints.title == "Forty-one nations strike deal on sharing river water in droughts"  # type: ignore[union-attr]
    broken = rebuild_document("y.jsonl#L1", "record", None, b"{not json", "files:y")
    assert (broken.stage, broken.error_class) == ("parse", "JSONDecodeError")  # type: ignore[union-attr]
