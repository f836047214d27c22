"""The quarantine: listing recorded failures with filters, and retrying them by re-reading their inputs."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from psycopg2.extensions import connection as Connection

from news_etl import pipeline
from news_etl.config import settings
from news_etl.db import copy_rows, query

log = logging.getLogger(__name__)

# A record inside a file: `path#L3` (JSON Lines, line 3) or `path#2` (JSON array, element 2).
_RECORD_SUFFIX = re.compile(r"#L?\d+$")
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class FailureFilter:
    """Which failures a command acts on; None matches everything."""

    stage: str | None = None
    error_class: str | None = None
    source_name: str | None = None
    run_id: int | None = None
    since: datetime | None = None
    unresolved: bool = True
    failure_ids: tuple[int, ...] | None = None

    def params(self) -> dict[str, Any]:
        return {"stage": self.stage, "error_class": self.error_class, "source_name": self.source_name,
                "run_id": self.run_id, "since": self.since, "unresolved": self.unresolved,
                "failure_ids": list(self.failure_ids) if self.failure_ids is not None else None}


@dataclass(frozen=True)
class FailureRow:
    """One row of the failures table, with its source's name."""

    failure_id: int
    locator: str
    stage: str
    error_class: str
    message: str
    source_name: str | None
    run_id: int | None
    sha256: str
    first_seen_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("first_seen_at", "last_seen_at", "resolved_at"):
            d[name] = d[name].isoformat() if d[name] else None
        return d


@dataclass(frozen=True)
class RetryTarget:
    """What retrying one failure means: the file to re-read, or why it cannot be retried."""

    failure: FailureRow
    path: str | None
    not_retryable: str | None = None


@dataclass
class RetryReport:
    targets: list[RetryTarget]
    run: dict[str, Any] | None = None  # the retry run's summary; None for a dry run or nothing to retry
    resolved: list[FailureRow] = field(default_factory=list)
    still_failing: list[FailureRow] = field(default_factory=list)  # open failures the retry run recorded

    def as_dict(self) -> dict[str, Any]:
        return {
            "targets": [{"failure_id": t.failure.failure_id, "locator": t.failure.locator, "path": t.path,
                         "not_retryable": t.not_retryable} for t in self.targets],
            "run": self.run,
            "resolved": [f.as_dict() for f in self.resolved],
            "still_failing": [f.as_dict() for f in self.still_failing],
        }


def list_failures(conn: Connection, flt: FailureFilter) -> list[FailureRow]:
    with conn.cursor() as cur:
        cur.execute(query("failures_list"), flt.params())
        rows = [FailureRow(*row) for row in cur.fetchall()]
    conn.rollback()
    return rows


def fetching_available() -> bool:
    return importlib.util.find_spec("news_etl.fetch") is not None


def retry_target(failure: FailureRow) -> RetryTarget:
    """The input behind a failure's locator: a local file (a record locator names its file), else why not."""
    locator = failure.locator
    if _URL.match(locator):
        reason = ("a URL: re-fetching is the fetching DAG's job (news_etl.fetch)" if fetching_available()
                  else "a URL, and this installation has no fetching module")
        return RetryTarget(failure, None, f"not retryable here: {reason}")
    path = locator
    if not os.path.isfile(path) and _RECORD_SUFFIX.search(locator):
        path = _RECORD_SUFFIX.sub("", locator)
    if not os.path.isfile(path):
        return RetryTarget(failure, None, f"not retryable: {path} no longer exists")
    return RetryTarget(failure, path)


def retry_failures(conn: Connection, flt: FailureFilter, dry_run: bool = False,
                   batch_size: int | None = None) -> RetryReport:
    """Re-run the inputs of the matching failures as a new ingest run (the same batch path as any run).

    A whole file is re-read even when one JSONL line failed: loading is idempotent, so the lines that had
    loaded are not rewritten, and the loader resolves every failure whose input now yields an article.
    """
    targets = [retry_target(f) for f in list_failures(conn, flt)]
    report = RetryReport(targets)
    inputs: dict[str, str] = {}
    for target in targets:
        if target.path is not None:
            fallback = f"files:{Path(target.path).parent.name}"
            inputs.setdefault(target.path, target.failure.source_name or fallback)
    if dry_run or not inputs:
        return report

    params = {"failure_ids": [t.failure.failure_id for t in targets], "paths": sorted(inputs)}
    run_id = pipeline.start_run(conn, "cli retry-failures", params)
    size = pipeline.batch_size_for(len(inputs), batch_size or settings().batch_size, settings().max_batches)
    with conn, conn.cursor() as cur:
        # the failure's own source, not one derived from the path, so a fixed input lands where it would have
        copy_rows(cur, "run_inputs", ("run_id", "batch_no", "locator", "source_name"),
                  ((run_id, i // size, path, source) for i, (path, source) in enumerate(sorted(inputs.items()))))
    batches = sorted({i // size for i in range(len(inputs))})
    for batch_no in batches:
        pipeline.process_batch(conn, run_id, batch_no, len(batches))
    report.run = pipeline.finish_run(conn, run_id)
    ids = tuple(t.failure.failure_id for t in targets)
    after = list_failures(conn, FailureFilter(unresolved=False, failure_ids=ids))
    report.resolved = [f for f in after if f.resolved_at is not None]
    report.still_failing = list_failures(conn, FailureFilter(run_id=run_id))  # open, as this run saw them
    log.info("retry run %s: %d failure(s) resolved, %d still failing, %d not retryable", run_id,
             len(report.resolved), len(report.still_failing), sum(t.path is None for t in targets))
    return report


def render_failures(rows: Sequence[FailureRow]) -> str:
    """Plain text for the terminal: one block per failure, the reason in full."""
    if not rows:
        return "no failures match"
    blocks = []
    for f in rows:
        state = f"resolved {f.resolved_at:%Y-%m-%d %H:%M}" if f.resolved_at else "open"
        blocks.append(f"#{f.failure_id}  run {f.run_id}  {f.stage}/{f.error_class}  {state}  "
                      f"source {f.source_name}  last seen {f.last_seen_at:%Y-%m-%d %H:%M:%S}\n"
                      f"  {f.locator}\n  {f.message}")
    return "\n".join(blocks) + f"\n{len(rows)} failure(s)"


def render_retry(report: RetryReport, dry_run: bool) -> str:
    lines = []
    for t in report.targets:
        action = t.not_retryable or (f"would re-read {t.path}" if dry_run else f"re-read {t.path}")
        lines.append(f"#{t.failure.failure_id}  {t.failure.stage}/{t.failure.error_class}  {t.failure.locator}: "
                     f"{action}")
    if not report.targets:
        lines.append("no failures match")
    if report.run is not None:
        lines.append(f"retry run {report.run['run_id']} {report.run['status']}: "
                     f"{len(report.resolved)} resolved, {len(report.still_failing)} still failing")
        lines += [f"  still failing: {f.locator} at {f.stage}: {f.error_class}: {f.message}"
                  for f in report.still_failing]
    return "\n".join(lines)
