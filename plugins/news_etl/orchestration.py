"""The one Airflow-facing module: warehouse DSN from the `news_db` connection, and task bodies.

DAG files stay wiring; each task calls one function here, which calls the package. Airflow is imported
inside functions only, so the rest of the package (and the CLI) never needs it.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg2.extensions

from news_etl import pipeline
from news_etl.config import PROJECT_ROOT
from news_etl.db import connection, migrate, query, resolve_dsn

log = logging.getLogger(__name__)

CONN_ID = "news_db"


def warehouse_dsn() -> str:
    """The `news_db` Airflow connection (AIRFLOW_CONN_NEWS_DB) when defined, else NEWS_DB_URL, else the
    embedded server."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException, AirflowRuntimeError

    try:
        conn = Connection.get(CONN_ID)
    except (AirflowNotFoundException, AirflowRuntimeError):
        return resolve_dsn()
    import psycopg2.extensions

    extra = conn.extra_dejson or {}
    kwargs = {
        "host": conn.host or extra.get("host"),
        "port": conn.port,
        "user": conn.login,
        "password": conn.password,
        "dbname": conn.schema or extra.get("dbname"),
        "sslmode": extra.get("sslmode"),
    }
    return str(psycopg2.extensions.make_dsn(**{k: v for k, v in kwargs.items() if v not in (None, "")}))


def start_ingest_run(dag_id: str, airflow_run_id: str, params: dict[str, Any]) -> int:
    """Bring the schema up to date, then open an ingest_runs row; returns its id (the only XCom)."""
    with connection(warehouse_dsn()) as conn:
        return open_run(conn, dag_id, airflow_run_id, params)


def open_run(conn: psycopg2.extensions.connection, dag_id: str, airflow_run_id: str, params: dict[str, Any]) -> int:
    """Migrate, then the ingest run of this DAG run: the one an earlier try of the task opened, else a new one."""
    applied = migrate(conn)
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    found = dag_run_ingest_run(conn, dag_id, airflow_run_id)
    if found is not None:
        log.info("run %s was opened by an earlier try of this task: reused", found)
        return found
    return pipeline.start_run(conn, f"dag {dag_id}", params, dag_id=dag_id, airflow_run_id=airflow_run_id)


def dag_run_ingest_run(conn: psycopg2.extensions.connection, dag_id: str, airflow_run_id: str) -> int | None:
    """The ingest run a DAG run opened, if any."""
    with conn.cursor() as cur:
        cur.execute(query("select_run_by_airflow_run"), {"dag_id": dag_id, "airflow_run_id": airflow_run_id})
        row = cur.fetchone()
    conn.rollback()
    return int(row[0]) if row else None


def resolve_paths(paths: Sequence[str]) -> list[str]:
    """Relative paths are taken from the working directory, else from the project root (where `seeds/`
    is), since a task's working directory is the worker's, not the user's."""
    resolved = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.is_absolute() and not path.exists() and (PROJECT_ROOT / path).exists():
            path = PROJECT_ROOT / path
        resolved.append(str(path))
    return resolved


def start_and_plan_ingest(dag_id: str, airflow_run_id: str, params: dict[str, Any]) -> list[dict[str, int]]:
    """One task instead of two (each Airflow task costs a scheduling round trip and a process start, which
    is most of a re-run over an unchanged corpus): migrate, open the run, plan its batches. A retry reuses
    the run this DAG run opened and the batches it planned, so nothing is planned twice. Returns the
    mapped task's arguments: one {"ingest_run", "slot", "slots"} per task, each task loading every
    `slots`-th batch (none when nothing is to be read)."""
    paths = resolve_paths(params["paths"])
    missing = [p for p in paths if not os.path.exists(p)]
    with connection(warehouse_dsn()) as conn:
        run_id = open_run(conn, dag_id, airflow_run_id, params)
        if missing:
            log.warning("run %s: these paths do not exist on this worker: %s", run_id, ", ".join(missing))
        batches = planned_batches(conn, run_id)
        if batches is None:
            batches = pipeline.plan_run(conn, run_id, paths, int(params["batch_size"]),
                                        skip_unchanged=bool(params.get("skip_unchanged", True)),
                                        tasks=int(params.get("tasks") or 0) or default_task_count())
        if not batches:
            log.info("run %s: no batch to read under %s", run_id, ", ".join(paths))
            close_unplanned_run(conn, run_id)
    return task_slots(run_id, batches, int(params.get("tasks") or 0))


def default_task_count() -> int:
    """Mapped tasks when the run does not say: Airflow's [core] parallelism (the most task instances it
    runs at once), and with an executor that runs tasks on this machine (LocalExecutor), no more than its
    CPUs, since extraction is CPU-bound and more tasks than CPUs only queue, each paying a process start."""
    from airflow.sdk.configuration import conf

    parallelism = conf.getint("core", "parallelism", fallback=32) or 32
    executor = (conf.get("core", "executor", fallback="") or "LocalExecutor").split(",")[0].strip()
    if executor.rsplit(".", 1)[-1] in ("LocalExecutor", "SequentialExecutor"):
        return max(1, min(parallelism, os.cpu_count() or 1))
    return max(1, parallelism)


def planned_batches(conn: psycopg2.extensions.connection, run_id: int) -> list[int] | None:
    """The batch numbers the run planned, or None when it has planned nothing yet."""
    with conn.cursor() as cur:
        cur.execute(query("select_planned_batches"), {"run_id": run_id})
        rows = cur.fetchall()
    conn.rollback()
    planned = bool(rows)
    batches = [int(r[0]) for r in rows if r[0] is not None]
    return batches if planned else None


def batch_total(conn: psycopg2.extensions.connection, run_id: int) -> int | None:
    """How many batches the run planned (for "batch 3/12" in the logs)."""
    with conn.cursor() as cur:
        cur.execute(query("count_run_batches"), {"run_id": run_id})
        row = cur.fetchone()
    conn.rollback()
    return int(row[0]) if row else None


def ingest_batches(run_id: int, slot: int, slots: int, skip_unchanged: bool = True) -> dict[str, Any]:
    """Task `slot` of `slots`: load its share of the run's batches, one transaction each."""
    return run_share(run_id, slot, slots, functools.partial(pipeline.process_batch, skip_unchanged=skip_unchanged))


def run_share(run_id: int, slot: int, slots: int, step: pipeline.BatchStep) -> dict[str, Any]:
    """Run `step` on task `slot`'s share of the batches the run planned, then on what is left of the
    others' (pipeline.share_order)."""
    with connection(warehouse_dsn()) as conn:
        batches = planned_batches(conn, run_id) or []
        mine = pipeline.slot_batches(batches, slot, slots)
        log.info("run %s, task %d/%d: batches %s of %d, then what the other tasks have not started", run_id,
                 slot + 1, slots, ", ".join(str(b + 1) for b in mine) or "none", len(batches))
        totals = pipeline.process_batches(conn, run_id, pipeline.share_order(batches, slot, slots),
                                          len(batches), step, own=set(mine))
        log.info("run %s, task %d/%d: %d batches loaded here (%d taken over from other tasks), %d found "
                 "loaded, %d being loaded by other tasks", run_id, slot + 1, slots,
                 totals["batches"], totals["batches_taken_over"],
                 totals["batches_skipped"], totals["batches_elsewhere"])
        return totals


def task_slots(run_id: int, batches: Sequence[int], tasks: int | None) -> list[dict[str, int]]:
    """The mapped tasks' arguments for a run's batches: {"ingest_run", "slot", "slots"} each; `tasks`
    of them (0 or None: default_task_count), never more than the batches."""
    slots = pipeline.task_count(len(batches), tasks or default_task_count())
    if batches:
        log.info("run %s: %d batches shared by %d mapped tasks%s", run_id, len(batches), slots,
                 "" if tasks else " (the default: [core] parallelism, CPUs with the LocalExecutor)")
    return [{"ingest_run": run_id, "slot": slot, "slots": slots} for slot in range(slots)]


def finish_dag_ingest_run(dag_id: str, airflow_run_id: str) -> dict[str, Any]:
    """finish_ingest_run for the run this DAG run opened."""
    from airflow.sdk.exceptions import AirflowFailException

    with connection(warehouse_dsn()) as conn:
        run_id = dag_run_ingest_run(conn, dag_id, airflow_run_id)
        if run_id is None:
            raise AirflowFailException(f"no ingest run was opened by DAG run {airflow_run_id} of {dag_id}")
        return close_run(conn, run_id)


def finish_ingest_run(run_id: int) -> dict[str, Any]:
    with connection(warehouse_dsn()) as conn:
        return close_run(conn, run_id)


def close_run(conn: psycopg2.extensions.connection, run_id: int) -> dict[str, Any]:
    """Close the run; fail the task (without retrying) when a planned batch did not load."""
    from airflow.sdk.exceptions import AirflowFailException

    summary = pipeline.finish_run(conn, run_id)
    if summary["status"] != "succeeded":
        missing = summary.get("missing_batches", [])
        raise AirflowFailException(
            f"run {run_id}: {summary['batches_loaded']} of {summary['batches_planned']} batches loaded; not "
            f"loaded: {', '.join(map(str, missing[:20]))}{' ...' if len(missing) > 20 else ''}. See the failed "
            "mapped tasks; a batch a task passed over as 'being loaded by another task' was held by a task "
            "that did not finish it: clear the mapped tasks to load it (README, Troubleshooting)")
    return summary


def close_unplanned_run(conn: psycopg2.extensions.connection, run_id: int) -> dict[str, Any]:
    """Close a run that planned no batch in the planning task itself. Its mapped task then has no copy and is
    skipped, and so is `finish_run` (trigger rule none_skipped): a re-run over an unchanged corpus, or a poll
    that found no new entry, is one task, without the scheduling round trip and process start of a second,
    and emits no `news_articles` asset event, so the quality checks scheduled on it do not run for nothing."""
    summary = close_run(conn, run_id)
    log.info("run %s planned no batch: closed here; the mapped tasks and finish_run are skipped", run_id)
    return summary


# Fetching from the web (news_fetch_urls, news_poll_feeds) -------------------------------------------------

def plan_fetch_urls(run_id: int, urls: Sequence[str], refetch: bool, batch_size: int) -> list[int]:
    from news_etl import crawl

    with connection(warehouse_dsn()) as conn:
        batches = crawl.plan_urls(conn, run_id, urls, refetch, batch_size)
        if not batches:
            close_unplanned_run(conn, run_id)
        return batches


def poll_feeds(run_id: int, force: bool, batch_size: int) -> list[int]:
    """Poll every due feed and sitemap, then plan the new entries' fetch batches."""
    from news_etl import crawl

    with connection(warehouse_dsn()) as conn:
        batches = crawl.poll_and_plan(conn, run_id, force, batch_size)
        if not batches:
            close_unplanned_run(conn, run_id)
        return batches


def fetch_url_batch(run_id: int, batch_no: int) -> dict[str, Any]:
    from news_etl import crawl

    dsn = warehouse_dsn()
    with connection(dsn) as conn, crawl.open_fetcher(dsn) as fetcher:
        return crawl.fetch_batch(conn, fetcher, run_id, batch_no, batch_total(conn, run_id)).as_dict()


def start_reprocess_run(dag_id: str, airflow_run_id: str, params: dict[str, Any]) -> int:
    """Migrate, then open the ingest_runs row of a reprocess run (the same table: its articles name it)."""
    return start_ingest_run(dag_id, airflow_run_id, params)


def plan_reprocess_batches(run_id: int, source: str | None, since: str | None, until: str | None,
                           batch_size: int, tasks: int | None = None) -> list[dict[str, int]]:
    """Plan the run's batches; return the mapped tasks' arguments (task_slots)."""
    from news_etl.reprocess import plan_reprocess

    with connection(warehouse_dsn()) as conn:
        batches = plan_reprocess(conn, run_id, source, since, until, batch_size, tasks or default_task_count())
        if not batches:
            log.warning("run %s: no stored documents match source=%s since=%s until=%s", run_id, source, since,
                        until)
            close_unplanned_run(conn, run_id)
    return task_slots(run_id, batches, tasks)


def reprocess_batches(run_id: int, slot: int, slots: int) -> dict[str, Any]:
    """Task `slot` of `slots` of a reprocess run: re-extract and reload its share of the batches."""
    from news_etl.reprocess import reprocess_batch

    return run_share(run_id, slot, slots, reprocess_batch)


def enrich_warehouse() -> dict[str, Any]:
    """Fingerprints missing from older rows, then named entities of new or changed articles."""
    from news_etl.enrich import backfill_fingerprints, enrich_entities

    with connection(warehouse_dsn()) as conn:
        migrate(conn)
        return {"fingerprinted": backfill_fingerprints(conn), "entities": enrich_entities(conn)}


def refresh_analytics_views() -> float:
    from news_etl.enrich import refresh_views

    with connection(warehouse_dsn()) as conn:
        return refresh_views(conn)


def check_quality(name: str, thresholds: dict[str, Any], airflow_run_id: str) -> dict[str, Any]:
    """Run one data-quality check; fail the task (no retry: the data, not the system, is wrong) naming
    the offending rows."""
    from airflow.sdk.exceptions import AirflowFailException

    from news_etl.quality import Thresholds, run_check

    with connection(warehouse_dsn()) as conn:
        result = run_check(conn, name, Thresholds(**thresholds), airflow_run_id)
    if not result.passed:
        raise AirflowFailException(f"data-quality check failed: {result.describe()}")
    return {"check": name, "offending": 0}
