"""Ingest into a real PostgreSQL: idempotent re-runs, bad files beside good ones, nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SEEDS, count

from news_etl.pipeline import ingest

TABLES = ("sources", "documents", "articles", "authors", "article_authors", "failures")


def counts(conn: Any) -> dict[str, int]:
    return {t: count(conn, t) for t in TABLES}


def test_seeds_fill_every_table_and_a_second_run_adds_nothing(conn: Any) -> None:
    first = ingest(conn, [str(SEEDS)])
    assert first["status"] == "succeeded" and first["failures"] == 0
    after_first = counts(conn)
    assert after_first["documents"] == 14  # 11 files, of which 2 hold 5 records
    # the utm-tagged copy of the harbour story is the same article: 14 documents, 13 articles
    assert after_first["articles"] == 13
    assert after_first["authors"] >= 10 and after_first["article_authors"] >= 10
    assert after_first["sources"] >= 5  # four sites and the local folder

    second = ingest(conn, [str(SEEDS)])
    assert second["status"] == "succeeded"
    assert second["articles_written"] == 0  # nothing changed, nothing rewritten
    assert counts(conn) == after_first
    assert count(conn, "ingest_runs") == 2


def test_bad_files_are_failure_rows_and_good_files_load(conn: Any, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    shutil.copytree(FIXTURES / "bad", mixed / "bad")
    shutil.copytree(FIXTURES / "good", mixed / "good")
    summary = ingest(conn, [str(mixed)])
    assert summary["status"] == "succeeded"
    with conn.cursor() as cur:
        cur.execute("SELECT regexp_replace(locator, '^.*/', ''), stage, error_class FROM failures ORDER BY 1")
        failures = cur.fetchall()
        cur.execute("SELECT count(*) FROM articles")
        articles = cur.fetchone()[0]
        cur.execute("SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 1")
        statuses = dict(cur.fetchall())
    assert failures == [
        ("binary.html", "decode", "BinaryContent"),
        ("empty.html", "read", "EmptyDocument"),
        ("latin1.txt", "decode", "UnicodeDecodeError"),
        ("not_json.json", "parse", "JSONDecodeError"),
        ("truncated.html.gz", "read", "TruncatedGzip"),
        ("truncated.jsonl#L2", "parse", "JSONDecodeError"),
    ]
    assert articles == 3  # ok_en.html, ok_fr.txt and the good first line of truncated.jsonl
    assert statuses == {"extracted": 3, "failed": 3}  # unreadable bytes are no document; readable ones are kept

    again = ingest(conn, [str(mixed)])
    assert again["failures"] == 6
    assert count(conn, "failures") == 6 and count(conn, "articles") == 3


def test_a_later_bad_file_loses_nothing_already_loaded(conn: Any, tmp_path: Path) -> None:
    ingest(conn, [str(SEEDS)])
    before = counts(conn)
    bad = tmp_path / "later"
    bad.mkdir()
    (bad / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    summary = ingest(conn, [str(bad)])
    assert summary["failures"] == 1
    after = counts(conn)
    assert after["articles"] == before["articles"] and after["documents"] == before["documents"]
    assert after["failures"] == before["failures"] + 1


def test_fixed_input_resolves_its_failure(conn: Any, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    story = "Le conseil a voté à l'unanimité la réfection du pont. Les travaux débutent lundi."
    path.write_bytes(story.encode("latin-1"))
    ingest(conn, [str(path)])
    path.write_text(story, encoding="utf-8")
    ingest(conn, [str(path)])
    with conn.cursor() as cur:
        cur.execute("SELECT error_class, resolved_at IS NOT NULL FROM failures")
        assert cur.fetchall() == [("UnicodeDecodeError", True)]
    assert count(conn, "articles") == 1


def test_a_retried_task_skips_the_batches_it_loaded_and_the_shares_load_everything_once(
        conn: Any, tmp_path: Path) -> None:
    from news_etl.pipeline import finish_run, plan_run, process_batch, process_batches, slot_batches, start_run

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS / "html", corpus / "html")
    shutil.copytree(SEEDS / "text", corpus / "text")
    run_id = start_run(conn, "test shares", {"paths": [str(corpus)]})
    batches = plan_run(conn, run_id, [str(corpus)], batch_size=2)
    assert len(batches) == 4
    first, second = slot_batches(batches, 0, 2), slot_batches(batches, 1, 2)
    assert (first, second) == ([0, 2], [1, 3])
    # the first try of task 0 loads its first batch, then dies; its retry skips that batch and loads the next
    process_batch(conn, run_id, first[0], len(batches))
    retry = process_batches(conn, run_id, first, len(batches), process_batch)
    assert (retry["batches"], retry["batches_skipped"]) == (1, 1)
    other = process_batches(conn, run_id, second, len(batches), process_batch)
    assert (other["batches"], other["batches_skipped"], other["inputs"]) == (2, 0, 4)
    done = finish_run(conn, run_id)
    assert (done["status"], done["batches_loaded"], done["inputs"]) == ("succeeded", 4, 8)
    assert count(conn, "articles") == done["articles"] == 8
    # a whole run over the same files afterwards finds every article already there
    assert ingest(conn, [str(corpus)])["articles_written"] == 0


def test_a_task_done_with_its_share_takes_over_the_batches_the_others_have_not_started(
        conn: Any, dsn: str, schema: str, tmp_path: Path) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    from news_etl.db import connection
    from news_etl.orchestration import finish_ingest_run, ingest_batches
    from news_etl.pipeline import claim_batch, finish_run, plan_run, release_batch, start_run

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS / "html", corpus / "html")
    shutil.copytree(SEEDS / "text", corpus / "text")
    run_id = start_run(conn, "test take over", {"paths": [str(corpus)]})
    assert plan_run(conn, run_id, [str(corpus)], batch_size=2) == [0, 1, 2, 3]
    # task 1 of 2 (own share: batches 1 and 3) while task 0 is busy loading batch 2 (its claim held by
    # another session) and has not reached batch 0
    with connection(dsn, schema) as busy:
        assert claim_batch(busy, run_id, 2)
        second = ingest_batches(run_id, 1, 2)
        assert (second["batches"], second["batches_taken_over"], second["batches_elsewhere"],
                second["batches_skipped"]) == (3, 1, 1, 0)
        with conn.cursor() as cur:
            cur.execute("SELECT batch_no FROM run_batches WHERE run_id = %s ORDER BY 1", (run_id,))
            assert [r[0] for r in cur.fetchall()] == [0, 1, 3]
        conn.rollback()
        # closed now, the run fails naming the batch that did not load (the 3rd), and what to do
        with pytest.raises(AirflowFailException, match=r"3 of 4 batches loaded; not loaded: 3\. .*clear"):
            finish_ingest_run(run_id)
        # the busy task dies without loading batch 2: the server frees its claim with the session, and task
        # 0's retry loads batch 2, finding the rest loaded
        busy.close()
        release_batch(busy, run_id, 2)  # nothing to give back on a connection that is gone, and no error
    first = ingest_batches(run_id, 0, 2)
    assert (first["batches"], first["batches_taken_over"], first["batches_elsewhere"],
            first["batches_skipped"]) == (1, 0, 0, 3)
    done = finish_run(conn, run_id)
    assert (done["status"], done["batches_loaded"], done["inputs"]) == ("succeeded", 4, 8)
    assert count(conn, "articles") == done["articles"] == 8


def test_new_search_entries_wait_in_the_pending_list_until_the_task_runs_out_of_batches(conn: Any) -> None:
    from news_etl.pipeline import finish_run, plan_run, process_batch, process_batches, start_run

    with conn.cursor() as cur:
        cur.execute("SELECT reloptions FROM pg_class WHERE oid = 'articles_search_idx'::regclass")
        assert cur.fetchone()[0] == ["gin_pending_list_limit=65536"]
    run_id = start_run(conn, "test search index", {"paths": [str(SEEDS)]})
    batches = plan_run(conn, run_id, [str(SEEDS)], batch_size=100)
    done = process_batches(conn, run_id, batches, len(batches), process_batch)
    # the batches' entries waited in the pending list; the task, out of batches, merged them into the index
    assert done["search_pages_merged"] >= 1 and done["search_merge_s"] >= 0
    with conn, conn.cursor() as cur:
        cur.execute("SELECT gin_clean_pending_list('articles_search_idx'::regclass)")
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT count(*) FROM articles WHERE search_vector @@ plainto_tsquery('simple', 'harbour')")
        assert cur.fetchone()[0] >= 1
    finished = finish_run(conn, run_id)  # and merges what other tasks left: nothing here
    assert finished["status"] == "succeeded" and finished["search_pages_merged"] == 0


def test_the_end_of_a_run_refreshes_the_statistics_of_the_tables_it_changed(conn: Any, tmp_path: Path) -> None:
    """PostgreSQL's advice after a bulk load: ANALYZE. Autovacuum does it where it runs (it is off on some
    servers, these test machines' among them); finish_run does it for the tables past autovacuum's threshold."""
    import time

    from news_etl.pipeline import finish_run, plan_run, process_batch, process_batches, start_run

    page = (SEEDS / "html" / "en_harbourside_port_expansion.html").read_text(encoding="utf-8")
    for i in range(60):  # past the threshold of 50 rows: 60 run inputs and documents (one article: one URL)
        (tmp_path / f"copy_{i:02d}.html").write_text(page.replace("</body>", f"<!-- {i} --></body>"), "utf-8")
    run_id = start_run(conn, "test statistics", {"paths": [str(tmp_path)]})
    process_batches(conn, run_id, plan_run(conn, run_id, [str(tmp_path)], batch_size=30), 2, process_batch)
    time.sleep(1.2)  # a backend reports its row counts to the statistics system at most once a second
    done = finish_run(conn, run_id)
    assert {"documents", "run_inputs"} <= set(done["tables_analyzed"])
    assert "articles" not in done["tables_analyzed"]  # one row: below the threshold
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'documents'")
        assert cur.fetchone()[0] > 0
    conn.rollback()
    time.sleep(1.2)
    assert finish_run(conn, run_id)["tables_analyzed"] == []  # nothing changed since
