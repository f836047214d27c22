"""A warehouse loaded under an earlier schema upgrades in place: the migrations' backfills handle real rows."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, count

from news_etl.db import connection, drop_schema, migrate
from news_etl.pipeline import ingest


@pytest.fixture
def old_schema(dsn: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"t_up_{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("NEWS_DB_SCHEMA", name)
    yield name
    drop_schema(dsn, name)


def test_rows_loaded_before_the_warehouse_migrations_survive_them(dsn: str, old_schema: str, tmp_path: Path) -> None:
    early = tmp_path / "sql"
    shutil.copytree(ROOT / "sql" / "queries", early / "queries")
    (early / "migrations").mkdir()
    for path in sorted((ROOT / "sql" / "migrations").glob("000[1-3]_*.sql")):
        shutil.copy(path, early / "migrations")
    with connection(dsn, old_schema) as conn:
        migrate(conn, early)
        with conn, conn.cursor() as cur:  # an article as the 0001-0003 schema held it, canonical URL unknown
            cur.execute("INSERT INTO sources (name, kind) VALUES ('old.example', 'site') RETURNING source_id")
            source_id = cur.fetchone()[0]
            cur.execute("INSERT INTO documents (source_id, locator, sha256, kind, size_bytes, status) "
                        "VALUES (%s, '/old/page.html', 'abc', 'html', 3, 'extracted') RETURNING document_id",
                        (source_id,))
            document_id = cur.fetchone()[0]
            cur.execute("INSERT INTO articles (url_key, url, locator, source_id, document_id, text, word_count, "
                        "content_hash, extraction_method, extractor_version, tags) VALUES "
                        "('https://old.example/a', 'https://old.example/a', '/old/page.html', %s, %s, "
                        "'Le bureau de liaison ouvre à Tokyo.', 7, 'h', 'trafilatura', 'old', '{otan}')",
                        (source_id, document_id))
        applied = migrate(conn)
        assert applied and applied[0].startswith("0004_")
        assert count(conn, "article_urls") == 1 and count(conn, "articles") == 1
        ingest(conn, [str(SEEDS)])
        assert count(conn, "articles") == 14
