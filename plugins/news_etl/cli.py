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


def _extract_object(given: str, locator: str, outcome: Article | Failure) -> dict[str, Any]:
    if isinstance(outcome, Failure):
        return {"input": given, "locator": locator, "url": None, "title": None, "authors": [],
                "published_at": None, "language": None, "site_name": None, "description": None, "text": None,
                "word_count": 0,
                "error": {"stage": outcome.stage, "error_class": outcome.error_class, "message": outcome.message}}
    record = outcome.as_dict()
    obj: dict[str, Any] = {"input": given, "locator": locator}
    for key in ("url", "title", "title_derived", "authors", "published_at", "language", "site_name",
                "description", "dateline", "text", "word_count", "content_hash", "extraction_method",
                "provenance"):
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
