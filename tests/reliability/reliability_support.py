"""Helpers of the reliability suite: table fingerprints, generated corpora, CLI subprocesses."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
BAD = ROOT / "tests" / "fixtures" / "bad"
NEWS_ETL = str(Path(sys.executable).parent / "news-etl")

# Run bookkeeping differs by design from run to run (one row per run, input, batch, stage count...): left
# out. It is every table whose primary key holds `run_id`, and the migrations log.
BOOKKEEPING_QUERY = """
SELECT tc.table_name FROM information_schema.table_constraints tc
JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
WHERE tc.table_schema = %s AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = 'run_id'
UNION SELECT 'schema_migrations'
"""

WORDS = ("council", "harbour", "budget", "river", "school", "station", "market", "bridge", "festival", "vineyard",
         "tram", "library", "museum", "election", "hospital", "stadium", "factory", "farmers", "teachers", "workers",
         "mayor", "minister", "residents", "volunteers", "voted", "approved", "rejected", "announced", "opened",
         "closed", "delayed", "expanded", "repaired")


def content_columns(conn: Any, schema: str, table: str) -> tuple[list[str], list[str]]:
    """(columns compared by value, columns compared by NULL-ness only) of one table.

    Left out: surrogate and foreign ids (`*_id`, and arrays of them `*_ids`: sequences diverge when a
    killed transaction consumed values) and run ids. Timestamps that default to now() (loaded/seen/updated
    at) are compared by whether they are set, so `resolved_at` still counts; content timestamps
    (published_at) by value.
    """
    with conn.cursor() as cur:
        cur.execute("SELECT column_name, data_type, coalesce(column_default, '') FROM information_schema.columns"
                    " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", (schema, table))
        cols = cur.fetchall()
    by_value, by_null = [], []
    for name, dtype, default in cols:
        if name.endswith(("_id", "_ids")):
            continue
        if dtype.startswith("timestamp") and ("now()" in default or "CURRENT_TIMESTAMP" in default.upper()
                                              or name in ("resolved_at", "finished_at")):
            by_null.append(name)
        else:
            by_value.append(name)
    return by_value, by_null


def fingerprint(conn: Any, schema: str) -> dict[str, tuple[int, str]]:
    """{table: (rows, md5 of the ordered row texts)} for every warehouse table of the schema, plus
    'links': the joins between core tables spelled with natural keys (URL key, locator, author key)."""
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute(BOOKKEEPING_QUERY, (schema,))
        bookkeeping = {r[0] for r in cur.fetchall()}
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
                    " AND table_type = 'BASE TABLE' ORDER BY 1", (schema,))
        tables = [r[0] for r in cur.fetchall() if r[0] not in bookkeeping]
    assert {"ingest_runs", "run_inputs", "run_batches"} <= bookkeeping
    out: dict[str, tuple[int, str]] = {}
    for table in tables:
        by_value, by_null = content_columns(conn, schema, table)
        parts = [sql.SQL("coalesce(to_jsonb({})::text, 'null')").format(sql.Identifier(c)) for c in by_value]
        parts += [sql.SQL("({} IS NULL)::text").format(sql.Identifier(c)) for c in by_null]
        row_text = sql.SQL(" || '|' || ").join(parts) if parts else sql.SQL("''")
        stmt = sql.SQL("SELECT count(*), coalesce(md5(string_agg(md5(r), ',' ORDER BY md5(r))), '')"
                       " FROM (SELECT {} AS r FROM {}.{}) t").format(row_text, sql.Identifier(schema),
                                                                     sql.Identifier(table))
        with conn.cursor() as cur:
            cur.execute(stmt)
            n, digest = cur.fetchone()
        out[table] = (int(n), str(digest))
    with conn.cursor() as cur:
        cur.execute(sql.SQL("SET LOCAL search_path = {}").format(sql.Identifier(schema)))
        cur.execute("""
            SELECT count(*), coalesce(md5(string_agg(r, ',' ORDER BY r)), '') FROM (
                SELECT concat_ws('|', 'a', a.url_key, s.name, d.locator, d.sha256) AS r
                FROM articles a JOIN sources s USING (source_id) JOIN documents d USING (document_id)
                UNION ALL
                SELECT concat_ws('|', 'aa', a.url_key, au.name_key, aa.position)
                FROM article_authors aa JOIN articles a USING (article_id) JOIN authors au USING (author_id)
                UNION ALL
                SELECT concat_ws('|', 'f', f.locator, f.stage, s.name)
                FROM failures f LEFT JOIN sources s USING (source_id)
            ) t""")
        n, digest = cur.fetchone()
    conn.rollback()
    out["links"] = (int(n), str(digest))
    return out


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def article_text(rng: random.Random, paragraphs: int = 4) -> str:
    return "\n\n".join(" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(3)) for _ in range(paragraphs))


def article_html(rng: random.Random, n: int, padding: int = 0) -> str:
    """A news page with a title, a byline, a date and paragraphs; `padding` bytes of markup around it
    (navigation, scripts) so that pages cost real parsing and the documents table real bytes."""
    paras = "".join(f"<p>{sentence(rng, rng.randint(12, 24))} {sentence(rng, 10)}</p>" for _ in range(6))
    nav = "<nav>" + "".join(f'<a href="/s{i}">section {i}</a>' for i in range(padding // 30)) + "</nav>"
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Story {n}: "
            f"{sentence(rng, 6)}</title><meta name='author' content='Reporter {n % 17}'>"
            f"<meta property='article:published_time' content='2024-0{1 + n % 9}-1{n % 10}T08:00:00Z'>"
            f"<link rel='canonical' href='https://news{n % 5}.example.org/story/{n}'></head><body>{nav}"
            f"<article><h1>Story {n}</h1><p class='byline'>By Reporter {n % 17}</p>{paras}</article>"
            "</body></html>")


def make_corpus(root: Path, n: int, seed: int = 8, padding: int = 0) -> Path:
    """`n` generated inputs of every kind (HTML, gzipped HTML, text, JSON, JSONL with a bad line), plus
    copies of the seeds and the bad fixtures, and deliberate duplicates (the same URL with utm_* tags)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEEDS, root / "seeds", ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(BAD, root / "bad")
    gen = root / "gen"
    gen.mkdir()
    records: list[str] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            (gen / f"page_{i:05d}.html").write_text(article_html(rng, i, padding), encoding="utf-8")
        elif kind == 1:
            (gen / f"page_{i:05d}.html.gz").write_bytes(gzip.compress(article_html(rng, i, padding).encode()))
        elif kind == 2:
            (gen / f"note_{i:05d}.txt").write_text(article_text(rng), encoding="utf-8")
        elif kind == 3:
            obj = {"url": f"https://wire.example.com/item/{i}?utm_source=feed", "title": f"Wire item {i}",
                   "authors": [f"Agency Writer {i % 7}"], "published_at": "2024-05-01T10:00:00Z",
                   "text": article_text(rng, 3)}
            (gen / f"wire_{i:05d}.json").write_text(json.dumps(obj), encoding="utf-8")
        else:
            records.append(json.dumps({"url": f"https://wire.example.com/item/{i - 1}", "title": f"Wire item {i}",
                                       "text": article_text(rng, 2)}))
            if i % 25 == 4:
                records.append('{"url": "https://broken.example.com/x", "text": "cut off')
    (gen / "stream.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return root


def inputs_of(root: Path) -> list[str]:
    from news_etl.sources import list_inputs

    return [path for path, _ in list_inputs([str(root)])]


def cli_env(dsn: str, schema: str, **extra: str) -> dict[str, str]:
    env = os.environ.copy()
    env.update({"NEWS_DB_URL": dsn, "NEWS_DB_SCHEMA": schema, **extra})
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWS_ETL, *args], env=env, capture_output=True, text=True, timeout=timeout)


def fresh_schema(dsn: str, name: str) -> Any:
    """A new migrated schema on `dsn` and a connection to it (the caller drops it with drop_schema)."""
    from news_etl.db import connect, migrate

    conn = connect(dsn, name)
    migrate(conn)
    return conn


def counts_by_locator(conn: Any) -> dict[str, int]:
    """How many articles each input produced: every value must be at most 1."""
    with conn.cursor() as cur:
        cur.execute("SELECT locator, count(*) FROM articles GROUP BY 1")
        rows = dict(cur.fetchall())
    conn.rollback()
    return rows


def accounted_inputs(conn: Any) -> set[str]:
    """Input files that left a trace: a document, an article or a failure (record locators name their file)."""
    with conn.cursor() as cur:
        cur.execute("SELECT regexp_replace(locator, '#L?[0-9]+$', '') FROM documents UNION "
                    "SELECT regexp_replace(locator, '#L?[0-9]+$', '') FROM failures")
        rows = {r[0] for r in cur.fetchall()}
    conn.rollback()
    return rows
