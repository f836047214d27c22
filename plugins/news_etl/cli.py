"""The `news-etl` command: the same code path as the DAGs, from a terminal."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from news_etl import __version__
from news_etl.config import settings
from news_etl.records import Article, Failure

log = logging.getLogger("news_etl")


# The Article fields `news-etl extract` prints, in this order (provenance says which strategy gave each).
_ARTICLE_KEYS = (
    "url", "canonical_url", "title", "title_derived", "authors", "published_at", "published_precision",
    "modified_at", "language", "site_name", "description", "image", "tags", "categories", "keywords", "license",
    "dateline", "text", "word_count", "reading_time_min", "content_hash", "extraction_method", "access_status",
    "provenance",
)


def _extract_object(given: str, locator: str, outcome: Article | Failure) -> dict[str, Any]:
    if isinstance(outcome, Failure):
        return {"input": given, "locator": locator, "url": None, "title": None, "authors": [],
                "published_at": None, "language": None, "site_name": None, "description": None, "text": None,
                "word_count": 0,
                "error": {"stage": outcome.stage, "error_class": outcome.error_class, "message": outcome.message}}
    record = outcome.as_dict()
    obj: dict[str, Any] = {"input": given, "locator": locator}
    for key in _ARTICLE_KEYS:
        obj[key] = record[key]
    obj["error"] = None
    return obj


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract without a database: one object per input document on stdout."""
    from news_etl.pipeline import extract_inputs
    from news_etl.sources import iter_files

    objects: list[dict[str, Any]] = []
    failed = 0
    for given in args.paths:
        for path in iter_files(given):
            for raw, outcome in extract_inputs([(path, f"files:{Path(given).name}")]):
                locator = raw.locator if raw else outcome.locator
                obj = _extract_object(path, locator, outcome)
                failed += obj["error"] is not None
                if args.format == "jsonl":
                    print(json.dumps(obj, ensure_ascii=False), flush=True)
                elif args.format == "text":
                    print(_as_text(obj), flush=True)
                else:
                    objects.append(obj)
    if args.format == "json":
        print(json.dumps(objects, ensure_ascii=False, indent=2))
    return 1 if failed and args.strict else 0


def _as_text(obj: dict[str, Any]) -> str:
    head = [f"== {obj['locator']}"]
    if obj["error"]:
        head.append(f"error: {obj['error']['stage']}: {obj['error']['error_class']}: {obj['error']['message']}")
        return "\n".join(head) + "\n"
    for key in ("url", "title", "authors", "published_at", "language", "site_name", "dateline", "word_count"):
        value = obj[key]
        head.append(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    return "\n".join(head) + "\n\n" + (obj["text"] or "") + "\n"


def cmd_db_url(args: argparse.Namespace) -> int:
    from news_etl.db import redact, resolve_dsn

    dsn = resolve_dsn()
    print(dsn if args.show_password else redact(dsn))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from news_etl.db import connection, migrate

    with connection() as conn:
        applied = migrate(conn)
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else "; schema is current"))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from news_etl.db import connection, migrate
    from news_etl.pipeline import ingest
    from news_etl.report import render_report

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        print(f"news-etl ingest: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    with connection() as conn:
        migrate(conn)
        summary = ingest(conn, args.paths, command="cli ingest", batch_size=args.batch_size)
        print(json.dumps(summary, sort_keys=True))
        if args.report:
            print(render_report(conn))
    return 0 if summary["status"] == "succeeded" else 1


def cmd_report(args: argparse.Namespace) -> int:
    from news_etl.db import connection
    from news_etl.report import render_report

    with connection() as conn:
        print(render_report(conn))
    return 0


def _failure_filter(args: argparse.Namespace) -> Any:
    from news_etl.failures import FailureFilter

    return FailureFilter(stage=args.stage, error_class=args.error_class, source_name=args.source, run_id=args.run,
                         since=args.since, unresolved=args.unresolved)


def cmd_failures(args: argparse.Namespace) -> int:
    from news_etl.db import connection
    from news_etl.failures import list_failures, render_failures

    with connection() as conn:
        rows = list_failures(conn, _failure_filter(args))
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
    else:
        print(render_failures(rows))
    return 0


def cmd_retry_failures(args: argparse.Namespace) -> int:
    from news_etl.db import connection, migrate
    from news_etl.failures import render_retry, retry_failures

    with connection() as conn:
        migrate(conn)
        report = retry_failures(conn, _failure_filter(args), dry_run=args.dry_run, batch_size=args.batch_size)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(render_retry(report, args.dry_run))
    return 1 if report.run is not None and report.run["status"] != "succeeded" else 0


def _add_failure_filters(p: argparse.ArgumentParser) -> None:
    from datetime import datetime

    p.add_argument("--stage", help="read | decode | parse | extract | load")
    p.add_argument("--error-class", help="e.g. UnicodeDecodeError, JSONDecodeError, Timeout")
    p.add_argument("--source", help="source name, e.g. files:exports or a web host")
    p.add_argument("--run", type=int, help="the ingest run that last saw the failure")
    p.add_argument("--since", type=datetime.fromisoformat,
                   help="last seen at or after this ISO 8601 time, e.g. 2026-01-31T08:00:00+00:00")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--unresolved", dest="unresolved", action="store_true", default=True,
                       help="only failures not resolved by a later load (the default)")
    state.add_argument("--all", dest="unresolved", action="store_false", help="resolved failures too")
    p.add_argument("--format", choices=("text", "json"), default="text")


def cmd_fetch(args: argparse.Namespace) -> int:
    from news_etl.crawl import fetch_urls
    from news_etl.db import connection, migrate

    with connection() as conn:
        migrate(conn)
        summary = fetch_urls(conn, args.urls, refetch=args.refetch, batch_size=args.batch_size)
    print(json.dumps(summary, sort_keys=True))
    return 0 if summary["status"] == "succeeded" else 1


def cmd_feeds_add(args: argparse.Namespace) -> int:
    from news_etl.crawl import add_feeds, open_fetcher
    from news_etl.db import connection, migrate

    with connection() as conn:
        migrate(conn)
        with open_fetcher() as fetcher:
            try:
                registered = add_feeds(conn, fetcher, args.url, args.source)
            except ValueError as exc:
                print(f"news-etl feeds add: {exc}", file=sys.stderr)
                return 1
    for row in registered:
        print(f"{'added' if row['new'] else 'known'} {row['kind']} {row['url']} ({row['source_name']})")
    return 0


def cmd_feeds_list(args: argparse.Namespace) -> int:
    from news_etl.crawl import list_feeds
    from news_etl.db import connection, migrate

    with connection() as conn:
        migrate(conn)
        rows = list_feeds(conn)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    for r in rows:
        state = "active" if r["active"] else f"disabled: {r['disabled_reason']}"
        print(f"{r['feed_id']:>5} {r['kind']:<7} {r['url']}  [{r['source_name']}] {state}; "
              f"{r['items_seen']} entries, failures {r['consecutive_failures']}, next poll {r['next_poll_at']}")
    return 0


def cmd_poll(args: argparse.Namespace) -> int:
    from news_etl.crawl import poll
    from news_etl.db import connection, migrate

    with connection() as conn:
        migrate(conn)
        summary = poll(conn, force=args.all, batch_size=args.batch_size)
    print(json.dumps(summary, sort_keys=True))
    return 0 if summary["status"] == "succeeded" else 1


def cmd_search(args: argparse.Namespace) -> int:
    """search_articles(): ranked hits with a snippet, in each article's language."""
    from news_etl.db import connection, query

    with connection() as conn, conn.cursor() as cur:
        cur.execute(query("search_articles"), {"query": args.query, "lang": args.lang, "max_hits": args.limit})
        hits = cur.fetchall()
    for article_id, url, title, language, published_at, source, rank, snippet in hits:
        print(f"{rank:.4f}  #{article_id} [{language or '?'}] {title or '(no title)'}  ({source}, "
              f"{published_at.date() if published_at else 'undated'})")
        print(f"        {url or ''}\n        {' '.join(snippet.split())}")
    if not hits:
        print("no articles match", file=sys.stderr)
    return 0 if hits else 1


def cmd_reprocess(args: argparse.Namespace) -> int:
    from news_etl.db import connection, migrate
    from news_etl.reprocess import reprocess

    with connection() as conn:
        migrate(conn)
        summary = reprocess(conn, args.source, args.since, args.until, args.batch_size)
    print(json.dumps(summary, sort_keys=True))
    return 0 if summary["status"] == "succeeded" else 1


def cmd_enrich(args: argparse.Namespace) -> int:
    from news_etl.db import connection, migrate
    from news_etl.enrich import enrich

    with connection() as conn:
        migrate(conn)
        print(json.dumps(enrich(conn), sort_keys=True))
    return 0


def cmd_refresh_views(args: argparse.Namespace) -> int:
    from news_etl.db import connection
    from news_etl.enrich import refresh_views

    with connection() as conn:
        print(f"analytics views refreshed in {refresh_views(conn):.3f} s")
    return 0


def cmd_quality(args: argparse.Namespace) -> int:
    from news_etl.db import connection
    from news_etl.quality import Thresholds, run_checks

    thresholds = Thresholds(min_date=args.min_date, min_articles=args.min_articles,
                            min_title_rate=args.min_title_rate, min_author_rate=args.min_author_rate,
                            min_date_rate=args.min_date_rate)
    with connection() as conn:
        results = run_checks(conn, thresholds)
    for result in results:
        print(result.describe())
    return 0 if all(r.passed for r in results) else 1


def cmd_db_stop(args: argparse.Namespace) -> int:
    from news_etl.embedded import stop_embedded

    stopped = stop_embedded(settings().embedded_pgdata)
    print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="news-etl", description=__doc__)
    parser.add_argument("--version", action="version", version=f"news-etl {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO) to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract articles from files and print them; no database needed")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (searched recursively)")
    p.add_argument("--format", choices=("json", "jsonl", "text"), default="json")
    p.add_argument("--strict", action="store_true", help="exit 1 when any input failed")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="load files and directories into the warehouse")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--batch-size", type=int, default=None, help="inputs per batch (default NEWS_BATCH_SIZE)")
    p.add_argument("--report", action="store_true", help="print what the warehouse holds afterwards")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("migrate", help="apply pending schema migrations")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("db-url", help="print the DSN in use (password hidden), starting the embedded server if needed")
    p.add_argument("--show-password", action="store_true")
    p.set_defaults(func=cmd_db_url)

    p = sub.add_parser("report", help="print rows per table, articles per source and language, failures")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("failures", help="list recorded failures (stage, error class, reason, input, run)")
    _add_failure_filters(p)
    p.set_defaults(func=cmd_failures)

    p = sub.add_parser("retry-failures", help="re-read the inputs of matching failures in a new ingest run")
    _add_failure_filters(p)
    p.add_argument("--dry-run", action="store_true", help="say what would be re-read; write nothing")
    p.add_argument("--batch-size", type=int, default=None, help="inputs per batch (default NEWS_BATCH_SIZE)")
    p.set_defaults(func=cmd_retry_failures)

    p = sub.add_parser("fetch", help="fetch web pages by URL (politely) and load their articles")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("--refetch", action="store_true", help="fetch URLs whose article is already stored")
    p.add_argument("--batch-size", type=int, default=None, help="URLs per batch (default NEWS_BATCH_SIZE)")
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser("feeds", help="register and list feeds and sitemaps")
    feeds = p.add_subparsers(dest="feeds_command", required=True)
    f = feeds.add_parser("add", help="register a feed, a sitemap, a robots.txt's sitemaps, or a site's feeds")
    f.add_argument("url", metavar="URL", help="a feed or sitemap URL, a robots.txt URL, or a page to discover from")
    f.add_argument("--source", default=None, help="source name for its articles (default: the feed's host)")
    f.set_defaults(func=cmd_feeds_add)
    f = feeds.add_parser("list", help="registered feeds and sitemaps with their fetch state")
    f.add_argument("--format", choices=("text", "json"), default="text")
    f.set_defaults(func=cmd_feeds_list)

    p = sub.add_parser("poll", help="poll due feeds and sitemaps, fetch and load their new entries")
    p.add_argument("--all", action="store_true", help="poll every active feed now, due or not")
    p.add_argument("--batch-size", type=int, default=None, help="URLs per batch (default NEWS_BATCH_SIZE)")
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("search", help="full-text search in each article's language, ranked, with snippets")
    p.add_argument("query", help="web-search syntax: words, \"a phrase\", -excluded, or")
    p.add_argument("--lang", default=None, help="only articles in this language (fr, en, de...)")
    p.add_argument("--limit", type=int, default=20, help="hits to show (default 20)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("reprocess", help="re-extract stored documents with the current extractor (no fetching)")
    p.add_argument("--source", default=None, help="only this source (sources.name)")
    p.add_argument("--since", default=None, help="only documents first loaded at or after (ISO 8601)")
    p.add_argument("--until", default=None, help="only documents first loaded before (ISO 8601)")
    p.add_argument("--batch-size", type=int, default=None, help="documents per batch (default NEWS_BATCH_SIZE)")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("enrich", help="fingerprint older articles, extract entities, refresh the views")
    p.set_defaults(func=cmd_enrich)

    p = sub.add_parser("refresh-views", help="refresh the materialized analytics views")
    p.set_defaults(func=cmd_refresh_views)

    p = sub.add_parser("quality", help="run the data-quality checks; exit 1 naming offending rows on failure")
    p.add_argument("--min-date", default="1990-01-01", help="earliest acceptable publication date")
    p.add_argument("--min-articles", type=int, default=5, help="sources smaller than this skip fill rates")
    p.add_argument("--min-title-rate", type=float, default=0.9)
    p.add_argument("--min-author-rate", type=float, default=0.1)
    p.add_argument("--min-date-rate", type=float, default=0.1)
    p.set_defaults(func=cmd_quality)

    p = sub.add_parser("db-stop", help="stop the embedded PostgreSQL server")
    p.set_defaults(func=cmd_db_stop)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # platformdirs warns about XDG_RUNTIME_DIR on every embedded-server call; it is harmless here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
