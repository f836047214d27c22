"""WARC archives (CC-NEWS style) through news_ingest_files' code path into a real PostgreSQL schema."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from conftest import count

from news_etl.pipeline import ingest

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    article = (WEB / "article_harbour.html").read_bytes()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, status, ctype, body in [
            ("https://gazette.example/news/harbour?utm_source=cc", "200 OK", "text/html; charset=utf-8", article),
            ("https://gazette.example/report.pdf", "200 OK", "application/pdf", b"%PDF-1.4"),
            ("https://gazette.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype),
                                                ("Last-Modified", "Tue, 04 Mar 2025 10:00:00 GMT")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                          http_headers=headers))
            request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=request))


def test_warc_files_ingest_response_records(tmp_path: Path, conn: Any) -> None:
    write_warc(tmp_path / "cc-news.warc.gz")
    write_warc(tmp_path / "plain.warc")
    (tmp_path / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    summary = ingest(conn, [str(tmp_path)])
    assert summary["status"] == "succeeded"
    with conn.cursor() as cur:
        cur.execute("SELECT url_key, title, source_id IS NOT NULL FROM articles")
        assert cur.fetchall() == [("https://gazette.example/news/harbour",
                                   "Harbour authority approves new ferry terminal", True)]
        cur.execute("SELECT error_class, count(*) FROM failures GROUP BY 1 ORDER BY 1")
        assert cur.fetchall() == [("CorruptWARC", 1), ("HTTP404", 2), ("UnsupportedContentType", 2)]
        cur.execute("SELECT DISTINCT kind FROM documents")
        assert cur.fetchall() == [("html",)]
    assert count(conn, "documents") == 2  # one per archive: the same page under two locators
    again = ingest(conn, [str(tmp_path)])
    assert again["articles_written"] == 0 and count(conn, "articles") == 1
