"""Guarantee 1: three runs over the same inputs leave identical tables (counts and content checksums)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reliability_support import accounted_inputs, counts_by_locator, fingerprint, inputs_of, make_corpus

from news_etl.pipeline import ingest


def test_three_runs_leave_identical_tables(conn: Any, schema: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 60)
    runs, prints = [], []
    for _ in range(3):
        runs.append(ingest(conn, [str(corpus)], batch_size=7))
        prints.append(fingerprint(conn, schema))
    assert [r["status"] for r in runs] == ["succeeded"] * 3
    assert prints[0] == prints[1] == prints[2]
    assert prints[0]["articles"][0] > 60 and prints[0]["failures"][0] >= 6
    assert runs[1]["articles_written"] == runs[2]["articles_written"] == 0
    assert max(counts_by_locator(conn).values()) == 1
    assert accounted_inputs(conn) == set(inputs_of(corpus))  # every input loaded or failed, none vanished


def test_the_fingerprint_sees_a_changed_title_and_a_resolved_failure(conn: Any, schema: str, tmp_path: Path) -> None:
    """The checksum the guarantees rest on is sensitive to content, not only to row counts."""
    corpus = make_corpus(tmp_path / "corpus", 10)
    ingest(conn, [str(corpus)])
    before = fingerprint(conn, schema)
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE articles SET title = title || '!' "
                    "WHERE article_id = (SELECT min(article_id) FROM articles)")
    changed = fingerprint(conn, schema)
    assert changed["articles"][0] == before["articles"][0] and changed["articles"][1] != before["articles"][1]
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE failures SET resolved_at = now() WHERE failure_id = (SELECT min(failure_id) FROM failures)")
    assert fingerprint(conn, schema)["failures"][1] != before["failures"][1]
