"""Batch loader: every normalized table from one batch of values, staged by COPY, merged set-based."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import psycopg2.extensions

from news_etl import dedup
from news_etl.db import copy_binary, copy_rows, pg_array, query
from news_etl.metadata import fold_name
from news_etl.records import Article, Failure, RawDocument
from news_etl.urls import normalize_url

log = logging.getLogger(__name__)

# pg_advisory_xact_lock(MERGE_LOCK, hashtext(schema)): batches extract in parallel but merge one at a time
# per warehouse schema, so two batches never relabel the same near-duplicate cluster (or upsert the same
# url_key) in opposite orders; warehouses in other schemas of the database are not held up.
MERGE_LOCK = 7_252_002
MERGE_STATEMENTS = (
    "upsert_sources",
    "upsert_documents",
    "dedupe_stage_articles",
    "insert_article_versions",
    "upsert_articles",
    "upsert_authors",
    "replace_article_authors",
    "upsert_tags",
    "replace_article_tags",
    "upsert_article_urls",
    "upsert_failures",
    "resolve_failures",
)
FUNNEL_STAGES = ("discovered", "fetched", "extracted", "deduplicated", "loaded", "failed")


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
    """Stage and merge one batch. The caller owns the transaction: the batch lands whole or not at all.

    Besides the articles: their previous versions when text/title/description/date change, every URL
    seen, tags, SimHash fingerprints and near-duplicate clusters, and the batch's funnel counts per source.
    """
    failed = {f.document_sha256 for f in failures if f.document_sha256}
    # Staging needs no lock (the temp tables are this session's own), and it is where the per-article work
    # is done (SimHash, search vector, compression), so that the merge lock is held for the merge only.
    cur.execute(query("set_load_settings"))
    cur.execute(query("create_stage_tables"))
    names = {d.source_name for d in documents} | {a.source_name for a in articles} | {f.source_name for f in failures}
    copy_rows(cur, "stage_sources", ("name", "kind", "base_url"),
              ((n, *source_kind(n)) for n in sorted(names)))
    copy_binary(cur, "stage_documents",
                ("source_name", "locator", "url", "sha256", "kind", "size_bytes", "content", "status", "charset"),
                ((d.source_name, d.locator, d.url, sha, d.kind, len(d.content), d.content,
                  "failed" if sha in failed else "extracted", d.charset)
                 for d in documents for sha in (d.sha256,)))  # the property hashes the bytes each time
    copy_rows(cur, "stage_articles",
              ("locator", "source_name", "document_sha256", "url", "url_key", "title", "title_derived",
               "description", "site_name", "published_at", "language", "dateline", "text", "word_count",
               "content_hash", "extraction_method", "provenance", "published_precision", "modified_at",
               "canonical_url", "image", "tags", "categories", "keywords", "license", "reading_time_min",
               "access_status", "simhash"),
              ((a.locator, a.source_name, a.document_sha256, a.url, a.url_key, a.title, a.title_derived,
                a.description, a.site_name, a.published_at, a.language, a.dateline, a.text, a.word_count,
                a.content_hash, a.extraction_method, a.provenance, a.published_precision, a.modified_at,
                a.canonical_url, a.image, pg_array(a.tags), pg_array(a.categories), pg_array(a.keywords),
                a.license, a.reading_time_min, a.access_status, dedup.simhash(a.text)) for a in articles))
    copy_rows(cur, "stage_article_authors", ("locator", "position", "name", "name_key"),
              ((a.locator, pos, name, fold_name(name)) for a in articles for pos, name in enumerate(a.authors)))
    copy_rows(cur, "stage_failures", ("source_name", "locator", "stage", "error_class", "message", "sha256"),
              ((f.source_name, f.locator, f.stage, f.error_class, f.message, f.document_sha256 or "")
               for f in failures))
    copy_rows(cur, "stage_article_urls", ("locator", "url", "url_key", "is_canonical"), article_urls(articles))
    copy_rows(cur, "stage_article_tags", ("locator", "kind", "name"),
              ((a.locator, kind, name) for a in articles
               for kind, names in (("tag", a.tags), ("category", a.categories), ("keyword", a.keywords))
               for name in names))
    cur.execute(query("analyze_stage_tables"))
    params = {"run_id": run_id, "extractor_version": extractor_version}
    written = 0
    lock_merges(cur)
    for name in MERGE_STATEMENTS:
        cur.execute(query(name), params)
        if name == "upsert_articles":
            written = cur.rowcount
    cur.execute(query("mark_written_dirty"))
    cluster_dirty(cur)
    cur.execute(query("count_batch_stages"))
    record_stage_counts(cur, run_id, {(str(src), str(stage)): int(n) for src, stage, n in cur.fetchall()})
    return LoadCounts(len(documents), len(articles), written, len(failures))


def lock_merges(cur: psycopg2.extensions.cursor) -> None:
    """Wait for the other merges into this schema; released when the transaction ends."""
    cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (MERGE_LOCK,))


def article_urls(articles: Sequence[Article]) -> Iterator[tuple[str, str, str, bool]]:
    """(locator, url, normalized url, is canonical) for each article's URL and its canonical URL."""
    for a in articles:
        canonical_key = normalize_url(a.canonical_url) if a.canonical_url else None
        if a.url:
            yield a.locator, a.url, normalize_url(a.url) or a.url_key, a.url == a.canonical_url
        if a.canonical_url and canonical_key and a.canonical_url != a.url:
            yield a.locator, a.canonical_url, canonical_key, True


def cluster_dirty(cur: psycopg2.extensions.cursor, max_rounds: int = 50) -> int:
    """Cluster the articles in the staging table dirty_articles (new or changed fingerprints, filled by
    load_batch or enrich.backfill_fingerprints), per distinct fingerprint: the batch's fingerprints are
    grouped among themselves (dedup.components), each group joined to the stored clusters it has a
    fingerprint near, the connected components labelled in temp tables, and the labels that change written.

    A dirty article leaves its old cluster, whose other members stay together without being re-clustered.
    The work grows with the batch's distinct fingerprints and the distinct clusters in their band buckets,
    not with the number of copies stored or the size of the clusters. Returns the number of labelling rounds.
    """
    params = {"bands": dedup.BANDS, "band_bits": dedup.BAND_BITS, "max_distance": dedup.MAX_DISTANCE}
    cur.execute(query("prepare_dirty_articles"), params)
    fingerprints = [int(row[0]) for row in cur.fetchall()]
    groups = dedup.components(fingerprints)
    copy_rows(cur, "dirty_fingerprints", ("simhash", "grp"), zip(fingerprints, groups, strict=True))
    cur.execute(query("cluster_dirty_articles"), params)
    for rounds in range(1, max_rounds + 1):
        cur.execute(query("merge_clusters"))
        if cur.rowcount == 0:
            cur.execute(query("write_cluster_labels"), params)
            return rounds
    raise RuntimeError(f"near-duplicate clusters did not settle after {max_rounds} merge rounds")


def record_stage_counts(cur: psycopg2.extensions.cursor, run_id: int,
                        counts: Mapping[tuple[str, str], int]) -> None:
    """Add {(source name, stage): count} to the run's funnel (run_stage_counts) in one statement.

    Stages: discovered, fetched, extracted, deduplicated, loaded, failed. Counts add up across calls, so
    call it in the transaction that does the counted work (a retried batch then never counts twice).
    """
    unknown = {stage for _, stage in counts} - set(FUNNEL_STAGES)
    if unknown:
        raise ValueError(f"unknown funnel stage(s) {sorted(unknown)}; expected one of {FUNNEL_STAGES}")
    if not counts:
        return
    keys = sorted(counts)
    cur.execute(query("upsert_run_stage_counts"), {
        "run_id": run_id, "source_names": [k[0] for k in keys], "stages": [k[1] for k in keys],
        "counts": [counts[k] for k in keys]})
