"""Web ingest steps shared by the CLI and the DAGs: plan URLs, fetch and load a batch, register and poll feeds."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import psycopg2.extensions

from news_etl import pipeline
from news_etl.config import settings
from news_etl.db import connect, copy_rows, pg_array, query
from news_etl.extract import decode, extractor_version
from news_etl.feeds import FeedEntry, FeedError, ParsedFeed, common_feed_urls, discover_feed_links, parse_any, sniff
from news_etl.fetch import Fetcher, FetchResult, http_date_iso, is_feed_type, page_document
from news_etl.hostqueue import fetch_many
from news_etl.load import load_batch
from news_etl.politeness import DomainGate
from news_etl.records import Failure, Hints, RawDocument
from news_etl.urls import normalize_url, url_host

log = logging.getLogger(__name__)

Connection = psycopg2.extensions.connection
MAX_URL_ATTEMPTS = 3  # transient failures (timeouts, 429, 5xx) of a feed entry are retried on later polls
FETCH_COLUMNS = ("run_id", "purpose", "url", "url_key", "final_url", "status", "bytes", "duration_ms", "attempts",
                 "redirects", "content_type", "etag", "last_modified", "body_sha256", "not_modified",
                 "error_class", "error", "retryable", "fetched_at")


@contextmanager
def open_fetcher(dsn: str | None = None) -> Iterator[Fetcher]:
    """A Fetcher whose politeness state is shared through the warehouse (its own autocommit connection)."""
    cfg = settings()

    def new_gate() -> DomainGate:
        return DomainGate(connect(dsn), cfg.domain_concurrency)

    fetcher = Fetcher(new_gate(), cfg, gate_factory=new_gate)
    try:
        yield fetcher
    finally:
        fetcher.close_with_gate()


def record_fetches(cur: psycopg2.extensions.cursor, run_id: int | None, results: Iterable[FetchResult]) -> int:
    """One `fetches` row per logical fetch, written in the caller's transaction."""
    return copy_rows(cur, "fetches", FETCH_COLUMNS, (
        (run_id, r.purpose, r.url, normalize_url(r.url), r.final_url, r.status, len(r.content), r.duration_ms,
         r.attempts, r.redirects, r.content_type, r.etag, r.last_modified, r.body_sha256, r.not_modified,
         r.error_class, r.error, r.retryable, r.fetched_at) for r in results))


# Fetching article URLs ---------------------------------------------------------------------------------------

def plan_urls(conn: Connection, run_id: int, urls: Sequence[str], refetch: bool = False,
              batch_size: int | None = None) -> list[int]:
    """Write the run's URLs to run_inputs in batches: one per normalized URL, those already stored as
    articles left out unless `refetch`. Invalid URLs stay in: fetching them records why they failed."""
    cfg = settings()
    unique: dict[str, str] = {}
    for url in urls:
        url = url.strip()
        if url:
            unique.setdefault(normalize_url(url) or url, url)
    stored: set[str] = set()
    if not refetch and unique:
        with conn.cursor() as cur:
            cur.execute(query("fetch_select_stored_url_keys"), {"url_keys": list(unique)})
            stored = {str(r[0]) for r in cur.fetchall()}
        conn.rollback()
    todo = [url for key, url in unique.items() if key not in stored]
    if stored:
        log.info("run %s: %d URL(s) already stored, not fetched again (refetch to force)", run_id, len(stored))
    size = pipeline.batch_size_for(len(todo), batch_size or cfg.batch_size, cfg.max_batches)
    with conn, conn.cursor() as cur:
        copy_rows(cur, "run_inputs", ("run_id", "batch_no", "locator", "source_name"),
                  ((run_id, i // size, url, url_host(url) or "web") for i, url in enumerate(todo)))
    batches = list(range(math.ceil(len(todo) / size)))
    log.info("run %s: %d URL(s) to fetch in %d batch(es)", run_id, len(todo), len(batches))
    return batches


def _feed_hints(conn: Connection, url_keys: list[str]) -> dict[str, Hints]:
    with conn.cursor() as cur:
        cur.execute(query("fetch_select_feed_hints"), {"url_keys": url_keys})
        rows = cur.fetchall()
    conn.rollback()

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {str(key): Hints(title=title, published_at=iso(published), modified_at=iso(updated),
                            authors=tuple(authors or ()), tags=tuple(categories or ()), origin="feed")
            for key, title, published, updated, authors, categories in rows}


def fetch_documents(fetcher: Fetcher, urls: Sequence[str], feed_hints: dict[str, Hints]) -> list[RawDocument | Failure]:
    """Fetch the URLs, hosts side by side (hostqueue.fetch_many): a RawDocument for an HTML page, else a
    Failure at stage "fetch", in input order."""
    items: list[RawDocument | Failure] = []
    for url, result in zip(urls, fetch_many(fetcher, urls), strict=True):
        key = normalize_url(url)
        hints = feed_hints.get(key or "", Hints(origin="http"))
        hints = replace(hints, http_last_modified=http_date_iso(result.last_modified))
        items.append(page_document(result, url_host(url) or "web", hints))
    return items


def fetch_batch(conn: Connection, fetcher: Fetcher, run_id: int, batch_no: int,
                total: int | None = None) -> pipeline.BatchResult:
    """Fetch, extract and load one planned batch; the articles, failures and `fetches` rows land in one
    transaction with the batch's run_batches row, so a retried task skips a batch already loaded."""
    started = time.monotonic()
    if loaded := pipeline.already_loaded(conn, run_id, batch_no):
        return loaded
    urls = [locator for locator, _source in pipeline.batch_inputs(conn, run_id, batch_no)]
    hints = _feed_hints(conn, [k for k in (normalize_url(u) for u in urls) if k])
    fetcher.take_results()  # this batch's rows only
    batch = pipeline.extract_all(fetch_documents(fetcher, urls, hints))
    with conn, conn.cursor() as cur:
        counts = load_batch(cur, run_id, batch.documents, batch.articles, batch.failures, extractor_version())
        fetched = record_fetches(cur, run_id, fetcher.take_results())
        result = pipeline.BatchResult(run_id, batch_no, len(urls), counts.documents, counts.articles,
                                      counts.articles_written, counts.failures, round(time.monotonic() - started, 3))
        pipeline.record_batch(cur, result)
    of = f"/{total}" if total else ""
    log.info("batch %s%s: %d URLs (%d HTTP fetches), %d articles (%d new or changed), %d failures in %.1f s",
             batch_no + 1, of, len(urls), fetched, counts.articles, counts.articles_written, counts.failures,
             result.seconds)
    pipeline.log_failures(batch.failures)
    return result


def fetch_urls(conn: Connection, urls: Sequence[str], refetch: bool = False, command: str = "cli fetch",
               batch_size: int | None = None) -> dict[str, Any]:
    """The whole fetch run in this process (the CLI's path; the DAG runs the same steps as tasks)."""
    run_id = pipeline.start_run(conn, command, {"urls": list(urls), "refetch": refetch})
    batches = plan_urls(conn, run_id, urls, refetch, batch_size)
    with open_fetcher() as fetcher:
        for batch_no in batches:
            fetch_batch(conn, fetcher, run_id, batch_no, len(batches))
    return pipeline.finish_run(conn, run_id)


# Feeds and sitemaps ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedRow:
    feed_id: int
    url: str
    kind: str
    source_name: str
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    consecutive_failures: int = 0


@dataclass(frozen=True)
class PollOutcome:
    feed_id: int
    url: str
    status: str  # changed | not_modified | unchanged | failed | disabled
    new_items: int = 0
    children: tuple[int, ...] = ()  # sitemap index: the child sitemaps registered
    error: str | None = None


def register_feed(cur: psycopg2.extensions.cursor, url: str, kind: str, source_name: str,
                  parent_feed_id: int | None = None, discovered_from: str | None = None, title: str | None = None,
                  reactivate: bool = True) -> tuple[int, bool]:
    """(feed_id, inserted) of a feed or sitemap row for `url`."""
    key = normalize_url(url)
    if key is None:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    cur.execute(query("feed_upsert"), {"url": url, "url_key": key, "kind": kind, "source_name": source_name,
                                       "parent_feed_id": parent_feed_id, "discovered_from": discovered_from,
                                       "title": title, "reactivate": reactivate})
    row = cur.fetchone()
    assert row is not None
    return int(row[0]), bool(row[4])


def _parse(result: FetchResult, max_bytes: int) -> ParsedFeed:
    return parse_any(result.content, result.final_url or result.url, max_bytes)


def add_feeds(conn: Connection, fetcher: Fetcher, url: str, source_name: str | None = None) -> list[dict[str, Any]]:
    """Register what `url` names: a feed or sitemap itself; a robots.txt's Sitemap: lines; or, for a web
    page, every feed it announces (<link rel="alternate">; common feed paths when it announces none) and
    the sitemaps its site's robots.txt lists. Returns the rows registered."""
    cfg = settings()
    found: list[tuple[str, str, str | None]] = []  # (url, kind, title)
    fetcher.take_results()
    first = fetcher.get(url, purpose="discovery", accept=is_feed_type)
    robots = fetcher.robots_for(url)
    try:
        if not first.ok:
            raise FeedError(first.error_class or "FetchError", first.error or "")
        body = first.content
        if url.rstrip("/").endswith("/robots.txt"):
            found += [(u, "sitemap", None) for u in robots.sitemaps()]
        elif sniff(body) == "html":
            page = first.final_url or url
            candidates = discover_feed_links(decode(body, declared=first.charset), page)
            if not candidates:
                candidates = common_feed_urls(page)
            for candidate in candidates:
                probe = fetcher.get(candidate, purpose="discovery", accept=is_feed_type)
                if not probe.ok:
                    continue
                try:
                    parsed = _parse(probe, cfg.fetch_max_bytes)
                except FeedError:
                    continue
                found.append((candidate, parsed.kind, parsed.title))
            found += [(u, "sitemap", None) for u in robots.sitemaps()]
        else:
            parsed = _parse(first, cfg.fetch_max_bytes)
            found.append((url, parsed.kind, parsed.title))
    except FeedError as exc:
        with conn, conn.cursor() as cur:
            record_fetches(cur, None, fetcher.take_results())
        raise ValueError(f"{url}: {exc.error_class}: {exc}") from exc
    registered = []
    with conn, conn.cursor() as cur:
        record_fetches(cur, None, fetcher.take_results())
        for feed_url, kind, title in dict.fromkeys(found):
            source = source_name or url_host(feed_url) or "web"
            feed_id, inserted = register_feed(cur, feed_url, kind, source, discovered_from=url, title=title)
            registered.append({"feed_id": feed_id, "url": feed_url, "kind": kind, "source_name": source,
                               "title": title, "new": inserted})
    if not registered:
        raise ValueError(f"{url}: no feed or sitemap found (no <link rel=alternate>, common paths, or robots.txt "
                         "Sitemap: lines)")
    return registered


def _stage_items(cur: psycopg2.extensions.cursor, entries: Iterable[FeedEntry]) -> None:
    cur.execute(query("feed_create_stage"))
    copy_rows(cur, "stage_feed_items",
              ("guid", "url", "url_key", "title", "published_at", "updated_at", "authors", "categories"),
              ((e.guid, e.url, normalize_url(e.url) if e.url else None, e.title, e.published_at, e.updated_at,
                pg_array(e.authors), pg_array(e.categories)) for e in entries))


def get_feed(fetcher: Fetcher, feed: FeedRow) -> FetchResult:
    """A feed's or sitemap's conditional GET (its stored ETag / Last-Modified)."""
    return fetcher.get(feed.url, purpose=feed.kind, accept=is_feed_type, etag=feed.etag,
                       last_modified=feed.last_modified)


def poll_feed(conn: Connection, run_id: int, feed: FeedRow, result: FetchResult) -> PollOutcome:
    """Take the result of a feed's or sitemap's conditional GET (get_feed); record its entries and its fetch
    state in one transaction. A body whose hash is unchanged is not parsed again, whatever its validators say."""
    cfg = settings()
    interval_s = cfg.feed_poll_minutes * 60
    parsed: ParsedFeed | None = None
    error: FeedError | None = None
    if result.ok and not result.not_modified and result.body_sha256 != feed.body_sha256:
        try:
            parsed = _parse(result, cfg.fetch_max_bytes)
        except FeedError as exc:
            error = exc
    elif not result.ok:
        error = FeedError(result.error_class or "FetchError", result.error or "")
    new_items = 0
    children: list[int] = []
    with conn, conn.cursor() as cur:
        if error is not None:
            cur.execute(query("feed_mark_failure"), {
                "feed_id": feed.feed_id, "status": result.status, "error": f"{error.error_class}: {error}",
                "retry_after_s": result.retry_after, "interval_s": interval_s,
                "permanent": result.status == 410, "limit": cfg.feed_failure_limit})
            row = cur.fetchone()
            active = bool(row[0]) if row else False
            stage = "fetch" if not result.ok else "parse"
            failure = Failure(feed.url, feed.source_name, stage, error.error_class, str(error),
                              result.body_sha256)
            load_batch(cur, run_id, [], [], [failure], extractor_version())
            status = "failed" if active else "disabled"
            log.warning("feed %s %s: %s: %s", feed.url, status, error.error_class, error)
            return PollOutcome(feed.feed_id, feed.url, status, error=f"{error.error_class}: {error}")
        if parsed is not None:
            _stage_items(cur, parsed.entries)
            cur.execute(query("feed_upsert_items"), {"feed_id": feed.feed_id, "run_id": run_id})
            new_items = sum(1 for (inserted,) in cur.fetchall() if inserted)
            for child in parsed.children:
                if child.url:
                    child_id, _ = register_feed(cur, child.url, "sitemap", feed.source_name,
                                                parent_feed_id=feed.feed_id, discovered_from=feed.url,
                                                reactivate=False)
                    children.append(child_id)
        cur.execute(query("feed_mark_success"), {
            "feed_id": feed.feed_id, "status": result.status, "changed": parsed is not None,
            "etag": result.etag, "last_modified": result.last_modified,
            "body_sha256": result.body_sha256, "format": parsed.format if parsed else None,
            "title": parsed.title if parsed else None, "interval_s": interval_s, "new_items": new_items})
    if result.not_modified:
        status = "not_modified"
    elif parsed is None:
        status = "unchanged"
        log.info("feed %s: same body as last poll (hash), validators notwithstanding", feed.url)
    else:
        status = "changed"
    log.info("feed %s: %s, %d new entries%s", feed.url, status, new_items,
             f", {len(children)} child sitemaps" if children else "")
    return PollOutcome(feed.feed_id, feed.url, status, new_items, tuple(children))


def _due_feeds(conn: Connection, force: bool, parent_feed_id: int | None = None) -> list[FeedRow]:
    with conn.cursor() as cur:
        cur.execute(query("feed_select_due"), {"force": force, "parent_feed_id": parent_feed_id})
        rows = [FeedRow(*r) for r in cur.fetchall()]
    conn.rollback()
    return rows


def _get_feeds(fetcher: Fetcher, feeds: Sequence[FeedRow]) -> list[FetchResult]:
    return fetch_many(fetcher, [f.url for f in feeds], get=lambda own, i: get_feed(own, feeds[i]))


def poll_all(conn: Connection, fetcher: Fetcher, run_id: int, force: bool = False) -> list[PollOutcome]:
    """Poll every due feed and sitemap, their hosts side by side (hostqueue.fetch_many); child sitemaps an
    index lists are polled in the same run when due, in a wave after their parents."""
    wave = _due_feeds(conn, force)
    polled: set[int] = set()
    outcomes = []
    while wave:
        wave = list({f.feed_id: f for f in wave if f.feed_id not in polled}.values())
        polled.update(f.feed_id for f in wave)
        fetcher.take_results()
        results = _get_feeds(fetcher, wave)
        with conn, conn.cursor() as cur:  # the wave's HTTP exchanges; each feed's state follows in its own
            record_fetches(cur, run_id, fetcher.take_results())
        children: list[FeedRow] = []
        for feed, result in zip(wave, results, strict=True):
            outcome = poll_feed(conn, run_id, feed, result)
            outcomes.append(outcome)
            if outcome.children:
                children += [f for f in _due_feeds(conn, force, feed.feed_id) if f.feed_id not in polled]
        wave = children
    return outcomes


def plan_poll(conn: Connection, run_id: int, outcomes: Sequence[PollOutcome],
              batch_size: int | None = None) -> list[int]:
    """The polled feeds' entries still to fetch, into run_inputs as batches."""
    cfg = settings()
    feed_ids = [o.feed_id for o in outcomes]
    with conn.cursor() as cur:
        cur.execute(query("feed_select_pending_urls"), {"feed_ids": feed_ids, "max_attempts": MAX_URL_ATTEMPTS,
                                                        "per_feed": cfg.poll_max_urls_per_feed})
        urls = [str(r[0]) for r in cur.fetchall()]
    conn.rollback()
    return plan_urls(conn, run_id, urls, refetch=False, batch_size=batch_size)


def poll_and_plan(conn: Connection, run_id: int, force: bool = False, batch_size: int | None = None) -> list[int]:
    with open_fetcher() as fetcher:
        outcomes = poll_all(conn, fetcher, run_id, force)
    by_status: dict[str, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
    log.info("run %s: polled %d feeds/sitemaps: %s; %d new entries", run_id, len(outcomes),
             json.dumps(by_status, sort_keys=True), sum(o.new_items for o in outcomes))
    return plan_poll(conn, run_id, outcomes, batch_size)


def poll(conn: Connection, force: bool = False, command: str = "cli poll",
         batch_size: int | None = None) -> dict[str, Any]:
    """Poll, fetch and load in this process (the CLI's path; the DAG runs the same steps as tasks)."""
    run_id = pipeline.start_run(conn, command, {"force": force})
    batches = poll_and_plan(conn, run_id, force, batch_size)
    with open_fetcher() as fetcher:
        for batch_no in batches:
            fetch_batch(conn, fetcher, run_id, batch_no, len(batches))
    return pipeline.finish_run(conn, run_id)


def list_feeds(conn: Connection) -> list[dict[str, Any]]:
    with conn.cursor() as cur:
        cur.execute(query("feed_list"))
        names = [d[0] for d in cur.description or ()]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    conn.rollback()
    return rows
