"""Re-runs skip unchanged inputs before parsing, and the loader's statement count does not grow with the batch.

Extraction is counted by wrapping the real `extract` (it still runs); the database is the real one.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import psycopg2.extensions
import pytest
from conftest import ROOT, count

from news_etl import pipeline
from news_etl.extract import extract as real_extract
from news_etl.pipeline import ingest, plan_run, start_run
from news_etl.records import Article, Failure, RawDocument
from news_etl.sources import read_input as real_read_input


def write_corpus(directory: Path, docs: int, seed: int = 11) -> list[Path]:
    """`docs` distinct article pages from the benchmark's generator (realistic boilerplate, five languages)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus  # its dataclasses look their module up while being defined
    spec.loader.exec_module(corpus)
    return list(corpus.generate(directory, docs, seed=seed))


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The locators `extract` was called with, in order; extraction itself is the real one."""
    calls: list[str] = []

    def counting(raw: RawDocument, timeout_s: float = 20.0) -> Article | Failure:
        calls.append(raw.locator)
        return real_extract(raw, timeout_s)

    monkeypatch.setattr(pipeline, "extract", counting)
    return calls


def counting_reads(calls: list[str]) -> Any:
    """The real read_input, recording the paths it is asked to read."""
    def reading(path: str, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
        calls.append(path)
        return real_read_input(path, source, max_bytes)

    return reading


def test_an_unchanged_corpus_is_not_parsed_again_and_changes_are(conn: Any, tmp_path: Path, extracted: list[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pages = write_corpus(tmp_path / "corpus", 12)
    first = ingest(conn, [str(tmp_path / "corpus")], batch_size=5)
    assert first["status"] == "succeeded" and first["articles"] == 12
    assert len(extracted) == 12
    tables = {t: count(conn, t) for t in ("documents", "articles", "authors", "article_authors")}

    extracted.clear()
    read: list[str] = []
    monkeypatch.setattr(pipeline, "read_input", counting_reads(read))
    second = ingest(conn, [str(tmp_path / "corpus")], batch_size=5)
    assert extracted == [] and read == []  # every input skipped on its stored size and mtime, unread
    assert second["status"] == "succeeded" and second["articles_written"] == 0
    assert second["batches_planned"] == 0 and second["unchanged"] == 12 and second["inputs"] == 12
    assert {t: count(conn, t) for t in tables} == tables  # nothing dropped, nothing duplicated
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM run_inputs WHERE run_id = %s AND batch_no IS NULL", (second["run_id"],))
        assert cur.fetchone()[0] == 12
        cur.execute("SELECT count(*) FROM documents WHERE last_run_id = %s", (second["run_id"],))
        assert cur.fetchone()[0] == 12  # the skipped documents are recorded as seen by this run

    # Touched but not edited: read again (its mtime moved), then skipped on its bytes before parsing.
    touched = pages[5]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    read.clear()
    again = ingest(conn, [str(tmp_path / "corpus")], batch_size=5)
    assert read == [str(touched)] and extracted == []
    assert again["unchanged"] == 12 and again["batches_planned"] == 1
    read.clear()
    assert ingest(conn, [str(tmp_path / "corpus")])["batches_planned"] == 0 and read == []  # settled again

    changed = pages[3]
    page = changed.read_text(encoding="utf-8")
    body = '<div class="article-body">\n<p>'
    assert body in page
    changed.write_text(page.replace(body, body + "Corrected: ", 1), encoding="utf-8")
    extracted.clear()
    third = ingest(conn, [str(tmp_path / "corpus")], batch_size=5)
    assert extracted == [str(changed)]  # only the edited page is parsed again
    assert third["articles_written"] == 1
    with conn.cursor() as cur:
        cur.execute("SELECT text FROM articles WHERE locator = %s", (str(changed),))
        assert "Corrected:" in cur.fetchone()[0]


def test_a_new_extractor_version_extracts_everything_again(conn: Any, tmp_path: Path, extracted: list[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(tmp_path / "corpus", 4)
    ingest(conn, [str(tmp_path / "corpus")])
    monkeypatch.setattr(pipeline, "extractor_version", lambda: "news_etl next / trafilatura next")
    extracted.clear()
    ingest(conn, [str(tmp_path / "corpus")])
    assert len(extracted) == 4


def test_skipping_can_be_turned_off(conn: Any, tmp_path: Path, extracted: list[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(tmp_path / "corpus", 3)
    ingest(conn, [str(tmp_path / "corpus")])
    monkeypatch.setenv("NEWS_SKIP_UNCHANGED", "0")
    extracted.clear()
    second = ingest(conn, [str(tmp_path / "corpus")])
    assert len(extracted) == 3 and second["articles_written"] == 0


def test_planned_batches_follow_the_corpus_size(conn: Any, tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 10)
    run_id = start_run(conn, "test", {})
    assert plan_run(conn, run_id, [str(tmp_path / "corpus")], batch_size=3) == [0, 1, 2, 3]
    with conn.cursor() as cur:
        cur.execute("SELECT batch_no, count(*) FROM run_inputs WHERE run_id = %s GROUP BY 1 ORDER BY 1", (run_id,))
        assert cur.fetchall() == [(0, 3), (1, 3), (2, 3), (3, 1)]
    conn.rollback()


class CountingCursor(psycopg2.extensions.cursor):
    """A real cursor that also records the statements it sends (COPY included), by their first line."""

    sent: ClassVar[Counter[str]] = Counter()

    def execute(self, query: Any, vars: Any = None) -> None:
        CountingCursor.sent[str(query).strip().splitlines()[0]] += 1
        super().execute(query, vars)

    def copy_expert(self, sql: Any, file: Any, size: int = 8192) -> None:
        CountingCursor.sent[str(sql).strip().splitlines()[0]] += 1
        super().copy_expert(sql, file, size)


def statements_for(conn: Any, corpus: Path, batches: int = 1) -> Counter[str]:
    """The statements one ingest of `corpus` (in `batches` batches) sends, by text."""
    CountingCursor.sent = Counter()
    conn.cursor_factory = CountingCursor
    try:
        result = ingest(conn, [str(corpus)], batch_size=100)
    finally:
        conn.cursor_factory = psycopg2.extensions.cursor
    assert result["status"] == "succeeded" and result["batches_planned"] == batches
    return CountingCursor.sent


def test_the_statements_per_batch_do_not_depend_on_its_size(conn: Any, tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    write_corpus(small, 3, seed=1)
    write_corpus(large, 30, seed=2)  # other pages: no url_key shared with the small corpus
    first_small, first_large = statements_for(conn, small), statements_for(conn, large)
    # the same statements (COPY into staging, set-based merges) whatever the batch size; only the
    # near-duplicate cluster merge repeats until it converges, a few rounds, never once per article
    assert set(first_small) == set(first_large)
    varying = [text for text in first_large if first_large[text] != first_small[text]]
    assert len(varying) <= 1 and all(first_large[text] <= 5 for text in varying), varying
    # a re-run: one lookup of the stored validators and one touch of the documents, no batch at all
    assert statements_for(conn, small, batches=0) == statements_for(conn, large, batches=0)
    # files touched since (read again): one lookup of the unchanged inputs and one touch of their rows
    for path in (*small.rglob("*.html"), *large.rglob("*.html")):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    again_small, again_large = statements_for(conn, small), statements_for(conn, large)
    assert again_small == again_large


def test_inputs_with_failures_are_read_again_and_whole_files_are_not(conn: Any, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    pages = write_corpus(corpus, 2)
    good = '{"url": "https://example.org/a", "title": "A", "text": "%s"}' % ("Words of a story. " * 20)
    (corpus / "records.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")  # one line fails
    (corpus / "whole.jsonl").write_text(good.replace("/a", "/b") + "\n", encoding="utf-8")
    (corpus / "empty.html").write_bytes(b"")
    first = ingest(conn, [str(corpus)])
    assert first["failures"] == 2 and first["articles"] == 4
    read: list[str] = []
    monkeypatch.setattr(pipeline, "read_input", counting_reads(read))
    second = ingest(conn, [str(corpus)])
    assert sorted(read) == sorted([str(corpus / "records.jsonl"), str(corpus / "empty.html")])
    assert second["failures"] == 2 and second["unchanged"] == 4  # 2 pages + whole.jsonl unread, 1 record by hash
    with conn.cursor() as cur:
        cur.execute("SELECT locator, cardinality(document_ids) FROM input_files ORDER BY 1")
        assert cur.fetchall() == [(str(p), 1) for p in sorted(pages)] + [(str(corpus / "whole.jsonl"), 1)]
    conn.rollback()
