"""Batch loader: every normalized table from one batch of values, staged by COPY, merged set-based."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg2.extensions

from news_etl.db import copy_rows, pg_array, query
from news_etl.metadata import fold_name
from news_etl.records import Article, Failure, RawDocument

log = logging.getLogger(__name__)

MERGE_STATEMENTS = (
    "upsert_sources",
    "upsert_documents",
    "upsert_articles",
    "upsert_authors",
    "replace_article_authors",
    "upsert_failures",
    "resolve_failures",
)


@dataclass(frozen=True)
class LoadCounts:
    documents: int
    articles: int
    articles_written: int
    failures: int

    def as_dict(self) -> dict[str, int]:
        return {"documents": self.documents, "articles": self.articles,
                "articles_written": self.articles_written, "failures": self.failures}


def source_kind(name: str) -> tuple[str, str | None]:
    """(kind, base_url) of a source name: 'files:<dir>' for local origins, else a web host."""
    if name.startswith("files:"):
        return "files", None
    return "site", f"https://{name}/"


def load_batch(
    cur: psycopg2.extensions.cursor,
    run_id: int,
    documents: Sequence[RawDocument],
    articles: Sequence[Article],
    failures: Sequence[Failure],
    extractor_version: str,
) -> LoadCounts:
    """Stage and merge one batch. The caller owns the transaction: the batch lands whole or not at all."""
    failed = {f.document_sha256 for f in failures if f.document_sha256}
    cur.execute(query("create_stage_tables"))
    names = {d.source_name for d in documents} | {a.source_name for a in articles} | {f.source_name for f in failures}
    copy_rows(cur, "stage_sources", ("name", "kind", "base_url"),
              ((n, *source_kind(n)) for n in sorted(names)))
    copy_rows(cur, "stage_documents",
              ("source_name", "locator", "url", "sha256", "kind", "size_bytes", "content", "status"),
              ((d.source_name, d.locator, d.url, d.sha256, d.kind, len(d.content), d.content,
                "failed" if d.sha256 in failed else "extracted") for d in documents))
    copy_rows(cur, "stage_articles",
              ("locator", "source_name", "document_sha256", "url", "url_key", "title", "title_derived",
               "description", "site_name", "published_at", "language", "dateline", "text", "word_count",
               "content_hash", "extraction_method", "provenance", "published_precision", "modified_at",
               "canonical_url", "image", "tags", "categories", "keywords", "license", "reading_time_min",
               "access_status"),
              ((a.locator, a.source_name, a.document_sha256, a.url, a.url_key, a.title, a.title_derived,
                a.description, a.site_name, a.published_at, a.language, a.dateline, a.text, a.word_count,
                a.content_hash, a.extraction_method, a.provenance, a.published_precision, a.modified_at,
                a.canonical_url, a.image, pg_array(a.tags), pg_array(a.categories), pg_array(a.keywords),
                a.license, a.reading_time_min, a.access_status) for a in articles))
    copy_rows(cur, "stage_article_authors", ("locator", "position", "name", "name_key"),
              ((a.locator, pos, name, fold_name(name)) for a in articles for pos, name in enumerate(a.authors)))
    copy_rows(cur, "stage_failures", ("source_name", "locator", "stage", "error_class", "message", "sha256"),
              ((f.source_name, f.locator, f.stage, f.error_class, f.message, f.document_sha256 or "")
               for f in failures))
    params = {"run_id": run_id, "extractor_version": extractor_version}
    written = 0
    for name in MERGE_STATEMENTS:
        cur.execute(query(name), params)
        if name == "upsert_articles":
            written = cur.rowcount
    return LoadCounts(len(documents), len(articles), written, len(failures))
