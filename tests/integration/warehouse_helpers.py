"""Crafted articles loaded through the real loader, and table checksums, for the warehouse tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from news_etl.load import load_batch
from news_etl.metadata import content_hash, word_count
from news_etl.pipeline import finish_run, start_run
from news_etl.records import Article, RawDocument


def article(url: str, text: str, title: str | None = None, language: str = "en", source: str | None = None,
            locator: str | None = None, **fields: Any) -> tuple[RawDocument, Article]:
    """A document and the article extracted from it, as the extractor would hand them to the loader."""
    source = source or url.split("/")[2]
    locator = locator or url
    raw = RawDocument(locator=locator, kind="text", content=text.encode("utf-8"), source_name=source, url=url)
    art = Article(locator=locator, source_name=source, document_sha256=raw.sha256, url=url, url_key=url,
                  title=title, title_derived=False, authors=fields.pop("authors", ()),
                  published_at=fields.pop("published_at", "2024-05-16T08:00:00+00:00"), language=language,
                  site_name=None, description=None, dateline=None, text=text, word_count=word_count(text),
                  content_hash=content_hash(text), extraction_method="test")
    return raw, replace(art, **fields)


def load(conn: Any, *items: tuple[RawDocument, Article]) -> dict[str, Any]:
    """One run of one batch holding these articles."""
    run_id = start_run(conn, "test", {})
    with conn, conn.cursor() as cur:
        counts = load_batch(cur, run_id, [d for d, _ in items], [a for _, a in items], [], "test-extractor 1")
        cur.execute("INSERT INTO run_inputs VALUES (%s, 0, 'x', 'x')", (run_id,))
        cur.execute("INSERT INTO run_batches (run_id, batch_no, counts) VALUES (%s, 0, '{}')", (run_id,))
    finish_run(conn, run_id)
    return {"run_id": run_id, **counts.as_dict()}


# What must not change when the same inputs load again: every column but ids of runs and timestamps.
CHECKSUMS = {
    "articles": "SELECT md5(string_agg(concat_ws('|', article_id, url_key, url, locator, source_id, document_id, "
                "title, description, published_at, language, text, content_hash, extractor_version, "
                "provenance, tags, simhash, cluster_id, entities_status), ',' ORDER BY article_id)) FROM articles",
    "article_urls": "SELECT md5(string_agg(concat_ws('|', url, url_key, article_id, is_canonical), ',' "
                    "ORDER BY url)) FROM article_urls",
    "article_tags": "SELECT md5(string_agg(concat_ws('|', article_id, tag_id, kind), ',' "
                    "ORDER BY article_id, tag_id, kind)) FROM article_tags",
    "tags": "SELECT md5(string_agg(concat_ws('|', tag_id, name, tag_key), ',' ORDER BY tag_id)) FROM tags",
    "article_authors": "SELECT md5(string_agg(concat_ws('|', article_id, author_id, position), ',' "
                       "ORDER BY article_id, author_id)) FROM article_authors",
    "article_versions": "SELECT count(*)::text FROM article_versions",
    "bands": "SELECT md5(string_agg(concat_ws('|', band, value, simhash, cluster_id), ',' "
             "ORDER BY band, value, simhash)) FROM fingerprint_bands",
    "documents": "SELECT md5(string_agg(concat_ws('|', document_id, locator, sha256, status), ',' "
                 "ORDER BY document_id)) FROM documents",
}


def checksums(conn: Any) -> dict[str, str]:
    out = {}
    with conn.cursor() as cur:
        for name, sql in CHECKSUMS.items():
            cur.execute(sql)
            out[name] = cur.fetchone()[0]
    conn.rollback()
    return out


def rows(conn: Any, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        result = cur.fetchall()
    conn.rollback()
    return result
