"""The ingest steps shared by the CLI and the DAGs: start a run, plan batches, process one, finish."""

from __future__ import annotations

import json
import logging
import math
import os
import resource
import stat
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg2.errors
from psycopg2.extensions import connection as Connection
from psycopg2.extensions import cursor as Cursor

from news_etl.config import settings
from news_etl.db import copy_rows, query
from news_etl.extract import extract, extractor_version
from news_etl.load import load_batch
from news_etl.records import Article, Failure, RawDocument
from news_etl.sources import list_inputs, read_input

log = logging.getLogger(__name__)

def start_run(conn: Connection, command: str, params: dict[str, Any], dag_id: str | None = None,
              airflow_run_id: str | None = None) -> int:
    with conn, conn.cursor() as cur:
        cur.execute(query("insert_ingest_run"), {"command": command, "params": json.dumps(params, sort_keys=True),
                                                 "dag_id": dag_id, "airflow_run_id": airflow_run_id})
        row = cur.fetchone()
    assert row is not None
    log.info("started ingest run %s (%s)", row[0], command)
    return int(row[0])


def batch_size_for(n_inputs: int, batch_size: int, max_batches: int) -> int:
    """Batches sized from the corpus for the DAGs that map one task per batch (fetching, reprocessing,
    retrying failures): at least `batch_size` inputs each, never more than `max_batches` batches (Airflow
    caps mapped tasks at 1024, and each task costs about a second of scheduling)."""
    if n_inputs <= 0:
        return max(1, batch_size)
    return max(1, batch_size, math.ceil(n_inputs / max(1, max_batches)))


# A run shared by several tasks is cut into at least this many batches per task when its size allows (never
# below MIN_SHARED_BATCH inputs): the tasks take over each other's unstarted batches (share_order), so a run
# ends at most one batch after its work does, and small batches make that tail short.
BATCHES_PER_TASK = 4
MIN_SHARED_BATCH = 50


def shared_batch_size(n_inputs: int, batch_size: int, tasks: int) -> int:
    """The batch size for `n_inputs` shared by `tasks` tasks: `batch_size`, or smaller when that would give
    fewer than BATCHES_PER_TASK batches per task (but not below MIN_SHARED_BATCH)."""
    if tasks <= 1:
        return batch_size
    return max(1, min(batch_size, max(MIN_SHARED_BATCH, math.ceil(n_inputs / (tasks * BATCHES_PER_TASK)))))


def plan_run(conn: Connection, run_id: int, paths: Sequence[str], batch_size: int | None = None,
             skip_unchanged: bool | None = None, tasks: int = 1) -> list[int]:
    """Record the run's inputs in run_inputs, split into batches of `batch_size` (smaller when `tasks`
    tasks share a small run: shared_batch_size); return the batch numbers.

    A batch is what one transaction loads and what a process holds in memory at once, so its size does
    not grow with the corpus; the number of Airflow tasks is chosen apart (`task_count`). Inputs whose
    stored validators still hold (input_files: same size and modification time, settled by this extractor
    version) are recorded with no batch and not read at all; their documents are marked seen by this run."""
    cfg = settings()
    inputs = list_inputs(paths)
    unread: set[str] = set()
    if skipping(skip_unchanged) and inputs:
        with conn.cursor() as cur:
            unread = settled_inputs(cur, file_validators(path for path, _ in inputs), extractor_version())
        conn.rollback()
    todo = [(path, source) for path, source in inputs if path not in unread]
    size = shared_batch_size(len(todo), max(1, batch_size or cfg.batch_size), tasks)
    with conn, conn.cursor() as cur:
        copy_rows(cur, "run_inputs", ("run_id", "batch_no", "locator", "source_name"),
                  ((run_id, i // size, path, source) for i, (path, source) in enumerate(todo)))
        if unread:
            copy_rows(cur, "run_inputs", ("run_id", "batch_no", "locator", "source_name"),
                      ((run_id, None, path, source) for path, source in inputs if path in unread))
            cur.execute(query("touch_settled_inputs"), {"run_id": run_id})
    batches = list(range(math.ceil(len(todo) / size)))
    log.info("run %s: %d inputs, %d unchanged since they were loaded (not read), %d to read in %d batches "
             "of up to %d", run_id, len(inputs), len(unread), len(todo), len(batches), size)
    return batches


def task_count(batches: int, tasks: int) -> int:
    """How many mapped tasks share a run's batches: `tasks` (at least one), never more than the batches.

    Each Airflow task costs a process start and a scheduling round trip (one to five seconds here), so
    the batches are not one task each: as many tasks as can run at once, each loading its share of the
    batches one transaction at a time, keeps memory at one batch and Airflow's share of the run small."""
    return max(0, min(max(1, tasks), batches))


def slot_batches(batches: Sequence[int], slot: int, slots: int) -> list[int]:
    """The batches that task `slot` of `slots` loads: every `slots`-th one, starting at its own number, so
    that each task gets a share of every part of the corpus (a directory often holds pages of one kind,
    and contiguous shares would then take unequal times)."""
    if not 0 <= slot < slots:
        raise ValueError(f"task slot {slot} is outside 0..{slots - 1}")
    return list(batches[slot::slots])


def share_order(batches: Sequence[int], slot: int, slots: int) -> list[int]:
    """The order in which task `slot` of `slots` goes through a run's batches: its own share first
    (slot_batches), then every other batch from the last one back, i.e. from the end of the other tasks'
    shares, which they reach last. Batches another task holds or has loaded are passed over
    (process_batches), so a task that finishes its share early takes over what is left of the slower
    ones' instead of idling, and a run is not as slow as its slowest worker."""
    mine = slot_batches(batches, slot, slots)
    own = set(mine)
    return mine + [b for b in reversed(batches) if b not in own]


def skipping(skip_unchanged: bool | None) -> bool:
    """Whether unchanged inputs are skipped: as asked, else NEWS_SKIP_UNCHANGED."""
    return settings().skip_unchanged if skip_unchanged is None else skip_unchanged


def file_validators(paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """{path: (size in bytes, modification time in ns)} of the regular files among `paths` (stat only)."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue  # read_input turns it into a failure row
        if stat.S_ISREG(st.st_mode):
            found[path] = (st.st_size, st.st_mtime_ns)
    return found


def settled_inputs(cur: Cursor, validators: dict[str, tuple[int, int]], version: str) -> set[str]:
    """The paths whose stored validators match `validators` for this extractor version (one statement)."""
    if not validators:
        return set()
    paths = sorted(validators)
    # its cost is estimated from row counts the planner cannot know (the unnest): JIT-compiling it took
    # 0.1 s, longer than running it
    cur.execute("SET LOCAL jit = off")
    cur.execute(query("select_settled_inputs"), {
        "locators": paths, "sizes": [validators[p][0] for p in paths],
        "mtimes": [validators[p][1] for p in paths], "extractor_version": version})
    return {str(row[0]) for row in cur.fetchall()}


def settle_inputs(cur: Cursor, run_id: int, version: str, inputs: Sequence[tuple[str, str]],
                  validators: dict[str, tuple[int, int]], documents: dict[str, list[tuple[str, str]]],
                  failed: set[str]) -> None:
    """Store the validators of the batch's inputs that loaded whole (settle_input_files.sql); an input
    with a failure row, or none of whose documents loaded, keeps none. Call in the loading transaction."""
    paths = [path for path, _ in inputs]
    docs = [(path, *key) for path in paths if path not in failed for key in documents.get(path, ())]
    cur.execute(query("settle_input_files"), {
        "run_id": run_id, "extractor_version": version, "inputs": paths,
        "sizes": [validators.get(p, (None, None))[0] for p in paths],
        "mtimes": [validators.get(p, (None, None))[1] for p in paths],
        "doc_inputs": [d[0] for d in docs], "doc_locators": [d[1] for d in docs],
        "doc_sha256s": [d[2] for d in docs]})


@dataclass
class BatchResult:
    """What one batch did, stored in run_batches.counts (and returned as the task's XCom: counts only).

    The *_s fields are the seconds each stage took and `max_rss_mb` the process's peak resident memory,
    so that the benchmark reads per-stage shares and memory from the warehouse after a real DAG run.
    """

    run_id: int
    batch_no: int
    inputs: int
    documents: int
    articles: int
    articles_written: int
    failures: int
    seconds: float
    skipped: bool = False  # the whole batch had been loaded by an earlier try
    unchanged: int = 0  # inputs skipped before parsing: same locator and bytes, already extracted
    read_s: float = 0.0
    lookup_s: float = 0.0
    extract_s: float = 0.0
    load_s: float = 0.0
    max_rss_mb: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Extracted:
    """One batch after extraction: the raw documents (kept in `documents`), articles and failures."""

    documents: list[RawDocument]
    articles: list[Article]
    failures: list[Failure]


def extract_items(items: Iterable[RawDocument | Failure]) -> Iterator[tuple[RawDocument | None, Article | Failure]]:
    """Extract each readable document; a Failure from an earlier stage passes through unchanged."""
    timeout_s = settings().extract_timeout_s
    for item in items:
        if isinstance(item, Failure):
            yield None, item
        else:
            yield item, extract(item, timeout_s)


def read_inputs(inputs: Iterable[tuple[str, str]]) -> Iterator[RawDocument | Failure]:
    max_bytes = settings().max_document_bytes
    for path, source in inputs:
        yield from read_input(path, source, max_bytes)


def extract_inputs(inputs: Iterable[tuple[str, str]]) -> Iterator[tuple[RawDocument | None, Article | Failure]]:
    """Read and extract each input: (the raw document or None when unreadable, its article or failure)."""
    return extract_items(read_inputs(inputs))


def extract_all(items: Iterable[RawDocument | Failure]) -> Extracted:
    out = Extracted([], [], [])
    for raw, outcome in extract_items(items):
        if raw is not None:
            out.documents.append(raw)
        if isinstance(outcome, Article):
            out.articles.append(outcome)
        else:
            out.failures.append(outcome)
    return out


def document_keys(documents: Sequence[RawDocument]) -> dict[str, list[str]]:
    """The batch's (locator, sha256) pairs as two parallel arrays: one statement for the whole batch."""
    return {"locators": [d.locator for d in documents], "sha256s": [d.sha256 for d in documents]}


def unchanged_documents(cur: Cursor, documents: Sequence[RawDocument], version: str) -> set[tuple[str, str]]:
    """The (locator, sha256) of the documents already extracted by this extractor version: one round trip
    for the whole batch, however large."""
    if not documents:
        return set()
    cur.execute(query("select_unchanged_documents"), {**document_keys(documents), "extractor_version": version})
    return {(str(locator), str(sha)) for locator, sha in cur.fetchall()}


def split_unchanged(items: Sequence[RawDocument | Failure], known: set[tuple[str, str]],
                    ) -> tuple[list[RawDocument | Failure], list[RawDocument]]:
    """(what still needs extracting: new or changed documents and earlier failures, the unchanged ones)."""
    todo: list[RawDocument | Failure] = []
    unchanged: list[RawDocument] = []
    for item in items:
        if isinstance(item, RawDocument) and (item.locator, item.sha256) in known:
            unchanged.append(item)
        else:
            todo.append(item)
    return todo, unchanged


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def already_loaded(conn: Connection, run_id: int, batch_no: int) -> BatchResult | None:
    """The result of a batch that an earlier try of its task loaded (a retry skips it), else None.
    Every batch kind (files, fetches, reprocessing) records itself in run_batches, so they share this."""
    with conn.cursor() as cur:
        cur.execute(query("select_batch_done"), {"run_id": run_id, "batch_no": batch_no})
        found = cur.fetchone()
    conn.rollback()
    if not found:
        return None
    log.info("batch %s of run %s was already loaded: skipped", batch_no, run_id)
    return BatchResult(run_id, batch_no, 0, 0, 0, 0, 0, 0.0, skipped=True)


def batch_inputs(conn: Connection, run_id: int, batch_no: int) -> list[tuple[str, str]]:
    """(locator, source name) of every input planned into this batch."""
    with conn.cursor() as cur:
        cur.execute(query("select_batch_inputs"), {"run_id": run_id, "batch_no": batch_no})
        inputs = [(str(r[0]), str(r[1])) for r in cur.fetchall()]
    conn.rollback()
    return inputs


def record_batch(cur: Cursor, result: BatchResult) -> None:
    """Mark a batch loaded, in the transaction that loads it (what `already_loaded` finds on a retry)."""
    cur.execute(query("insert_run_batch"), {"run_id": result.run_id, "batch_no": result.batch_no,
                                            "counts": json.dumps(result.as_dict(), sort_keys=True)})


def log_failures(failures: Iterable[Failure]) -> None:
    for failure in failures:
        log.warning("failed %s at %s: %s: %s", failure.locator, failure.stage, failure.error_class, failure.message)


def process_batch(conn: Connection, run_id: int, batch_no: int, total: int | None = None,
                  skip_unchanged: bool | None = None) -> BatchResult:
    """Read, skip what is unchanged (unless `skip_unchanged` is False; default NEWS_SKIP_UNCHANGED), extract
    and load one planned batch in one transaction; a batch already loaded is skipped. Memory holds one
    batch, never the corpus."""
    started = time.monotonic()
    if loaded := already_loaded(conn, run_id, batch_no):
        return loaded
    inputs = batch_inputs(conn, run_id, batch_no)
    version = extractor_version()
    t_read = time.monotonic()
    validators = file_validators(path for path, _ in inputs)  # taken before reading: a later edit shows
    documents: dict[str, list[tuple[str, str]]] = {}  # input path -> its documents' (locator, sha256)
    failed: set[str] = set()
    items: list[RawDocument | Failure] = []
    max_bytes = settings().max_document_bytes
    for path, source in inputs:
        for item in read_input(path, source, max_bytes):
            items.append(item)
            if isinstance(item, RawDocument):
                documents.setdefault(path, []).append((item.locator, item.sha256))
            else:
                failed.add(path)
    t_lookup = time.monotonic()
    unchanged: list[RawDocument] = []
    if skipping(skip_unchanged):
        with conn.cursor() as cur:
            known = unchanged_documents(cur, [i for i in items if isinstance(i, RawDocument)], version)
        conn.rollback()
        items, unchanged = split_unchanged(items, known)
    t_extract = time.monotonic()
    batch = extract_all(items)
    del items
    input_of = {locator: path for path, keys in documents.items() for locator, _ in keys}
    failed.update(input_of.get(f.locator, f.locator) for f in batch.failures)
    t_load = time.monotonic()
    with conn, conn.cursor() as cur:
        counts = load_batch(cur, run_id, batch.documents, batch.articles, batch.failures, version)
        if unchanged:
            cur.execute(query("touch_documents"), {**document_keys(unchanged), "run_id": run_id})
        settle_inputs(cur, run_id, version, inputs, validators, documents, failed)
        done = time.monotonic()
        result = BatchResult(run_id, batch_no, len(inputs), counts.documents, counts.articles,
                             counts.articles_written, counts.failures, round(done - started, 3),
                             unchanged=len(unchanged), read_s=round(t_lookup - t_read, 3),
                             lookup_s=round(t_extract - t_lookup, 3), extract_s=round(t_load - t_extract, 3),
                             load_s=round(done - t_load, 3), max_rss_mb=peak_rss_mb())
        record_batch(cur, result)
    of = f"/{total}" if total else ""
    log.info("batch %s%s: %d inputs, %d unchanged, %d articles (%d new or changed), %d failures in %.1f s",
             batch_no + 1, of, len(inputs), len(unchanged), counts.articles, counts.articles_written,
             counts.failures, result.seconds)
    log_failures(batch.failures)
    return result


BatchStep = Callable[[Connection, int, int, "int | None"], "BatchResult"]


def process_batches(conn: Connection, run_id: int, batches: Sequence[int], total: int | None,
                    step: BatchStep, own: Collection[int] | None = None) -> dict[str, Any]:
    """Run `step` (process_batch, reprocess_batch) on `batches` one after the other, each batch in its own
    transaction: what one mapped task does (its share_order), and the CLI's whole run. Each batch is claimed
    first (claim_batch): one another task is working on is passed over (`batches_elsewhere`), and one an
    earlier try or another task loaded is skipped by `step` (`batches_skipped`); `batches` counts those
    loaded here, `batches_taken_over` those of them not in `own` (the task's own share). Memory holds one
    batch at a time however many there are. Returns the totals (the task's XCom: counts only)."""
    started = time.monotonic()
    totals = {"run_id": run_id, "batches": 0, "batches_skipped": 0, "batches_elsewhere": 0,
              "batches_taken_over": 0, "inputs": 0, "documents": 0, "articles": 0, "articles_written": 0,
              "failures": 0, "unchanged": 0}
    for batch_no in batches:
        if not claim_batch(conn, run_id, batch_no):
            log.info("batch %s of run %s is being loaded by another task: passed over", batch_no + 1, run_id)
            totals["batches_elsewhere"] += 1
            continue
        try:
            result = step(conn, run_id, batch_no, total)
        finally:
            release_batch(conn, run_id, batch_no)
        if result.skipped:
            totals["batches_skipped"] += 1
            continue
        totals["batches"] += 1
        totals["batches_taken_over"] += int(own is not None and batch_no not in own)
        for key in ("inputs", "documents", "articles", "articles_written", "failures", "unchanged"):
            totals[key] += getattr(result, key)
    if totals["batches"]:
        # Merged here, not only at the end of the run: a task out of batches merges while the others still
        # extract, instead of the whole run's entries being merged after them, on one core.
        totals.update(flush_search_index(conn))
    return {**totals, "seconds": round(time.monotonic() - started, 3), "max_rss_mb": peak_rss_mb()}


def claim_batch(conn: Connection, run_id: int, batch_no: int) -> bool:
    """Whether this session took the batch (a session advisory lock: no other task of any worker holds it
    until release_batch, or until this connection ends, e.g. when the task process is killed)."""
    with conn.cursor() as cur:
        cur.execute(query("claim_batch"), {"run_id": run_id, "batch_no": batch_no})
        row = cur.fetchone()
    conn.rollback()  # the lock is the session's: it outlives this transaction and the batch's own ones
    return bool(row and row[0])


def release_batch(conn: Connection, run_id: int, batch_no: int) -> None:
    """Give the batch back (after it loaded, or failed: the task fails, and its retry or another task
    takes it). A connection that is gone took its lock with it, so its error is not raised here over the
    batch's own."""
    try:
        conn.rollback()  # a failed batch leaves its transaction aborted
        with conn.cursor() as cur:
            cur.execute(query("release_batch"), {"run_id": run_id, "batch_no": batch_no})
        conn.rollback()
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
        log.debug("batch %s of run %s: its claim went with the connection (%s)", batch_no + 1, run_id, exc)


def finish_run(conn: Connection, run_id: int) -> dict[str, Any]:
    """Close the run: succeeded when every planned batch loaded, else failed, with the batches that did not
    load (1-based, as the logs number them) in `missing_batches`."""
    missing: list[int] = []
    with conn, conn.cursor() as cur:
        cur.execute(query("finish_ingest_run"), {"run_id": run_id})
        row = cur.fetchone()
        assert row is not None
        status, counts = row[0], row[1]
        if status != "succeeded":
            cur.execute(query("select_missing_batches"), {"run_id": run_id})
            missing = [int(r[0]) + 1 for r in cur.fetchall()]
    log.info("run %s %s: %s", run_id, status, json.dumps(counts, sort_keys=True))
    if missing:
        log.warning("run %s: batches not loaded: %s", run_id, ", ".join(map(str, missing)))
    merged = flush_search_index(conn)
    analyzed = refresh_statistics(conn)
    return {"run_id": run_id, "status": status, **counts, **({"missing_batches": missing} if missing else {}),
            **merged, **analyzed}


def refresh_statistics(conn: Connection) -> dict[str, Any]:
    """ANALYZE the warehouse tables the run changed by more than autovacuum's threshold, as PostgreSQL
    advises after a bulk load: with autovacuum off, or not round yet, the next run's lookups are otherwise
    planned on tables the planner believes empty. Returns the tables and the seconds it took (10,000 new
    articles: 0.9 s, two thirds of it the search vector's statistics). A table this role does not own is
    skipped by PostgreSQL itself, with a warning (and listed all the same), and left to autovacuum."""
    started = time.monotonic()
    with conn, conn.cursor() as cur:
        cur.execute(query("analyze_stale_tables"))  # migration 0011: one statement whatever the tables
        tables = [str(row[0]) for row in cur.fetchall()]
    seconds = time.monotonic() - started
    if tables:
        log.info("statistics refreshed in %.1f s: %s", seconds, ", ".join(tables))
    return {"tables_analyzed": tables, "analyze_s": round(seconds, 3)}


def flush_search_index(conn: Connection) -> dict[str, Any]:
    """Merge the search index's pending list (new entries, migration 0010) into the index, so searches are
    index scans: by each task when it runs out of batches, and what is left at the end of the run. Returns
    the pending pages merged and the seconds it took. Only the index's owner may: for another role the merge
    is left to autovacuum, with a warning."""
    started = time.monotonic()
    try:
        with conn, conn.cursor() as cur:
            cur.execute(query("flush_search_index"))
            row = cur.fetchone()
    except psycopg2.errors.InsufficientPrivilege as exc:
        log.warning("search index not merged (autovacuum will): %s", str(exc).strip())
        return {"search_pages_merged": 0, "search_merge_s": 0.0}
    pages, seconds = int(row[0]) if row else 0, time.monotonic() - started
    log.info("search index: %d pending pages merged in %.1f s", pages, seconds)
    return {"search_pages_merged": pages, "search_merge_s": round(seconds, 3)}


def ingest(conn: Connection, paths: Sequence[str], command: str = "cli ingest",
           batch_size: int | None = None) -> dict[str, Any]:
    """The whole run in this process (the CLI's path; the DAG runs the same steps as tasks)."""
    run_id = start_run(conn, command, {"paths": list(paths)})
    batches = plan_run(conn, run_id, paths, batch_size)
    process_batches(conn, run_id, batches, len(batches), process_batch)
    return finish_run(conn, run_id)
