"""Re-extract stored documents with the current extractor (no fetching): plan batches, rebuild, reload."""

from __future__ import annotations

import json
import logging
import math
import time
from typing import Any

from psycopg2.extensions import connection as Connection

from news_etl.config import settings
from news_etl.db import query
from news_etl.extract import extractor_version
from news_etl.load import load_batch
from news_etl.pipeline import (
    BatchResult,
    already_loaded,
    extract_all,
    finish_run,
    process_batches,
    record_batch,
    shared_batch_size,
    start_run,
)
from news_etl.records import Failure, RawDocument
from news_etl.sources import record_document

log = logging.getLogger(__name__)


def rebuild_document(locator: str, kind: str, url: str | None, content: bytes,
                     source_name: str, charset: str | None = None) -> RawDocument | Failure:
    """The RawDocument a stored `documents` row was read as. A record's hints (title, authors...) live
    in its JSON, so it is parsed again exactly as sources.record_document did."""
    if kind == "record":
        try:
            record = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return Failure(locator, source_name, "parse", type(exc).__name__, f"stored record: {exc}")
        return record_document(record, content, locator, source_name)
    return RawDocument(locator=locator, kind=kind, content=content, source_name=source_name, url=url,
                       charset=charset)


def plan_reprocess(conn: Connection, run_id: int, source: str | None = None, since: str | None = None,
                   until: str | None = None, batch_size: int | None = None, tasks: int = 1) -> list[int]:
    """Write the stored inputs to re-extract (a source, documents first loaded in [since, until), or all)
    into run_inputs, in batches of `batch_size` (smaller when `tasks` tasks share a small run:
    shared_batch_size); return the batch numbers."""
    cfg = settings()
    selection = {"source": source or None, "since": since or None, "until": until or None}
    with conn, conn.cursor() as cur:
        cur.execute(query("count_reprocess_documents"), selection)
        row = cur.fetchone()
        total = int(row[0]) if row else 0
        # a transaction's worth (memory), only cut smaller so that the tasks sharing a small run end together
        size = shared_batch_size(total, max(1, batch_size or cfg.batch_size), tasks)
        cur.execute(query("plan_reprocess_inputs"), {**selection, "run_id": run_id, "batch_size": size})
    batches = list(range(math.ceil(total / size)))
    log.info("reprocess run %s: %d stored inputs in %d batches of up to %d", run_id, total, len(batches), size)
    return batches


def reprocess_batch(conn: Connection, run_id: int, batch_no: int, total: int | None = None) -> BatchResult:
    """Re-extract and reload one planned batch in one transaction; a batch already loaded is skipped.
    Unchanged articles are not rewritten, so running twice writes nothing the second time."""
    started = time.monotonic()
    if loaded := already_loaded(conn, run_id, batch_no):
        return loaded
    with conn.cursor() as cur:
        cur.execute(query("select_reprocess_documents"), {"run_id": run_id, "batch_no": batch_no})
        rows = cur.fetchall()
    conn.rollback()
    batch = extract_all(rebuild_document(str(r[0]), str(r[1]), r[2], bytes(r[3]), str(r[4]), r[5]) for r in rows)
    with conn, conn.cursor() as cur:
        counts = load_batch(cur, run_id, batch.documents, batch.articles, batch.failures, extractor_version())
        result = BatchResult(run_id, batch_no, len(rows), counts.documents, counts.articles,
                             counts.articles_written, counts.failures, round(time.monotonic() - started, 3))
        record_batch(cur, result)
    of = f"/{total}" if total else ""
    log.info("reprocess batch %s%s: %d documents, %d articles (%d changed), %d failures in %.1f s",
             batch_no + 1, of, len(rows), counts.articles, counts.articles_written, counts.failures,
             result.seconds)
    return result


def reprocess(conn: Connection, source: str | None = None, since: str | None = None, until: str | None = None,
              batch_size: int | None = None) -> dict[str, Any]:
    """The whole reprocess run in this process (the CLI's path; the DAG runs the same steps as tasks)."""
    params = {"source": source, "since": since, "until": until}
    run_id = start_run(conn, "cli reprocess", params)
    batches = plan_reprocess(conn, run_id, source, since, until, batch_size)
    process_batches(conn, run_id, batches, len(batches), reprocess_batch)
    return finish_run(conn, run_id)
