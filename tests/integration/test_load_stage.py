"""The load stage's storage on real PostgreSQL: raw bytes through binary COPY, lz4 where the server has
it, the search vector computed in staging (and by the trigger for other writers), rows written once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from warehouse_helpers import article, load, rows

from news_etl.db import copy_binary
from news_etl.load import load_batch
from news_etl.pipeline import start_run
from news_etl.records import Article, RawDocument


def with_content(item: tuple[RawDocument, Article], content: bytes) -> tuple[RawDocument, Article]:
    raw = replace(item[0], content=content)
    return raw, replace(item[1], document_sha256=raw.sha256)


TEXT = ("The harbour board approved a new ferry timetable on Tuesday, adding late sailings to the islands "
        "and a second boat on weekends during the summer season. ") * 30


def test_raw_bytes_and_odd_text_survive_the_binary_copy(conn: Any) -> None:
    content = bytes(range(256)) * 4 + b"\x00\\x41,\"\n"
    load(conn, with_content(article("https://odd.example/a", "Tab\there, quote \" and comma, back\\slash. " + TEXT,
                                    title="Nul\x00 byte, \\N and ünïcödé"), content))
    stored = rows(conn, "SELECT content, size_bytes FROM documents")
    assert [(bytes(c), n) for c, n in stored] == [(content, len(content))]
    assert rows(conn, "SELECT title FROM articles") == [("Nul byte, \\N and ünïcödé",)]  # NUL dropped, rest kept


def test_copy_binary_encodes_each_column_type_and_refuses_others(conn: Any) -> None:
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE t (a text, b bytea, c bigint, d integer, e smallint, f boolean, g jsonb)")
        values = ("x", b"\x00\xff", -2**63, 2**31 - 1, -2**15, True)
        assert copy_binary(cur, "t", ("a", "b", "c", "d", "e", "f"), [values, (None,) * 6]) == 2
        cur.execute("SELECT a, b, c, d, e, f FROM t ORDER BY a NULLS LAST")
        got = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cur.fetchall()]
        assert got == [values, (None,) * 6]
        with pytest.raises(TypeError, match="type oid 3802"):  # jsonb
            copy_binary(cur, "t", ("g",), [("{}",)])
    conn.rollback()


def test_documents_and_texts_are_lz4_where_the_server_has_it(conn: Any) -> None:
    big = TEXT * 20  # past the TOAST threshold, so stored compressed
    load(conn, with_content(article("https://big.example/a", big, title="Ferries"), big.encode() * 3))
    has_lz4 = rows(conn, "SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
    expected = "lz4" if has_lz4 == [(True,)] else "pglz"
    assert rows(conn, "SELECT pg_column_compression(content) FROM documents") == [(expected,)]
    assert rows(conn, "SELECT pg_column_compression(text) FROM articles") == [(expected,)]


def test_the_search_vector_is_the_same_from_the_loader_and_from_the_trigger(conn: Any) -> None:
    load(conn, article("https://daily.example/v", TEXT, title="Ferries to the islands", language="en"))
    assert rows(conn, "SELECT search_vector = news_search_vector(language, title, description, text) "
                      "FROM articles") == [(True,)]
    with conn, conn.cursor() as cur:  # another writer: an edit of the words, no vector given
        cur.execute("UPDATE articles SET title = 'Lighthouses', text = 'The lighthouse keepers went on strike.'")
        cur.execute("INSERT INTO articles (url_key, locator, source_id, document_id, language, text, word_count, "
                    "content_hash, extraction_method, extractor_version) "
                    "SELECT 'k2', 'l2', source_id, document_id, 'en', 'Keepers of the lighthouse.', 4, 'h', 't', 't' "
                    "FROM articles")
    assert rows(conn, "SELECT count(*) FROM search_articles('lighthouse keeper', 'en')") == [(2,)]
    assert rows(conn, "SELECT count(*) FROM articles "
                      "WHERE search_vector = news_search_vector(language, title, description, text)") == [(2,)]


def test_a_batch_of_new_unrelated_articles_writes_each_row_once(conn: Any) -> None:
    items = [article(f"https://n{i}.example/a", f"Story number {i} about {' '.join(str(i * k) for k in range(40))}")
             for i in range(20)]
    run_id = start_run(conn, "test", {})
    with conn, conn.cursor() as cur:
        load_batch(cur, run_id, [d for d, _ in items], [a for _, a in items], [], "test-extractor 1")
        cur.execute("SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'articles' "
                    "AND schemaname = current_schema()")
        inserted, updated = cur.fetchone()
    assert (inserted, updated) == (20, 0)  # each its own cluster from the insert on: no second write
    assert rows(conn, "SELECT count(*) FROM articles WHERE cluster_id = article_id") == [(20,)]
