"""End-to-end helpers and fixtures: Airflow components started as `make airflow` starts them (scripts/airflow_local.py),
their process groups, and warehouse checks that compare a run with the local (CLI) path."""

from __future__ import annotations

import math
import os
import shutil
import socket
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "scripts"))
import airflow_local as al  # noqa: E402  (scripts/ is not a package: the path is set just above)

DAG_ID = "news_ingest_files"
# Given to every Airflow process as NEWS_DB_URL: nothing listens there, so a task that ignored the
# `news_db` connection (AIRFLOW_CONN_NEWS_DB) and fell back to NEWS_DB_URL would fail the run.
UNUSED_DSN = "postgresql://nobody@127.0.0.1:9/unused"

e2e = pytest.mark.skipif(os.environ.get("NEWS_E2E") != "1",
                         reason="end-to-end (starts Airflow): run `make e2e`, or set NEWS_E2E=1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_inputs(dest: Path, sources: Iterable[Path]) -> list[Path]:
    """A temporary copy of some seeds, so a run's locators are the test's own."""
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for src in sources:
        for path in sorted(src.rglob("*") if src.is_dir() else [src]):
            if path.is_file() and not path.name.startswith(".") and path.name != "README.md":
                target = dest / path.name
                shutil.copyfile(path, target)
                copied.append(target)
    return copied


def expected_batches(n_inputs: int, batch_size: int) -> int:
    return math.ceil(n_inputs / batch_size)


@contextmanager
def metadata_database(dsn: str) -> Iterator[str]:
    """A fresh Airflow metadata database on the warehouse server, dropped afterwards."""
    name = f"airflow_e2e_{uuid.uuid4().hex[:10]}"
    try:
        yield al.ensure_database(dsn, name)
    finally:
        al.drop_database(dsn, name)


@dataclass
class Processes:
    """Airflow components started by a test, each the leader of its own process group."""

    started: list[Popen[bytes]] = field(default_factory=list)

    def spawn(self, argv: list[str], env: dict[str, str], logfile: Path) -> Popen[bytes]:
        proc = al.spawn(argv, env, logfile)
        self.started.append(proc)
        return proc

    def check_alive(self) -> None:
        for proc in self.started:
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(map(str, proc.args))} exited with {proc.returncode}")

    def stop_all(self) -> None:
        family = []
        for proc in self.started:
            with suppress(psutil.NoSuchProcess):
                family += [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        for proc in reversed(self.started):
            al.stop_group(proc.pid)
            proc.wait(timeout=10)
        survivors = [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert not survivors, f"processes left running: {survivors}"


@dataclass(frozen=True)
class RunningAirflow:
    base_url: str
    api: al.AirflowAPI
    credentials: al.Login
    home: Path


def airflow_test_env(home: Path, port: int, metadata: str, dsn: str, schema: str, **kwargs: Any) -> dict[str, str]:
    return al.airflow_env(home, port=port, metadata_dsn=metadata, warehouse_dsn=dsn,
                          extra={"NEWS_DB_URL": UNUSED_DSN, "NEWS_DB_SCHEMA": schema, **kwargs.pop("extra", {})},
                          **kwargs)


WAREHOUSE_CHECKSUMS = {
    # table -> (row text, order): content columns only (no ids, timestamps or run ids, which differ between runs)
    "articles": ("concat_ws('|', url_key, url, locator, title, text, content_hash, language, published_at, "
                 "word_count, extraction_method)", "url_key"),
    "documents": ("concat_ws('|', locator, sha256, kind, status, size_bytes)", "locator, sha256"),
    "authors": ("concat_ws('|', name_key, name)", "name_key"),
    "article_authors": ("(SELECT concat_ws('|', a.url_key, au.name_key, t.position) FROM articles a, authors au "
                        "WHERE a.article_id = t.article_id AND au.author_id = t.author_id)", "1"),
    "failures": ("concat_ws('|', locator, stage, error_class, sha256)", "locator, stage"),
}


def warehouse_checksums(conn: Any) -> dict[str, tuple[int, str]]:
    """(rows, md5 of the ordered rows) per warehouse table, comparable between schemas and runs."""
    sums = {}
    with conn.cursor() as cur:
        for table, (row, order) in WAREHOUSE_CHECKSUMS.items():
            # table, row and order are the constants above, never input
            cur.execute(f"SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) "
                        f"FROM (SELECT {row} AS r FROM {table} t ORDER BY {order}) rows")
            count, digest = cur.fetchone()
            sums[table] = (int(count), str(digest))
    conn.rollback()
    return sums


def local_run_checksums(dsn: str, paths: list[str], batch_size: int) -> dict[str, tuple[int, str]]:
    """The same inputs loaded by the local (in-process, CLI) path into a schema of its own."""

    from news_etl.db import connection, drop_schema, migrate
    from news_etl.pipeline import ingest

    name = f"t_ref_{uuid.uuid4().hex[:10]}"
    try:
        with connection(dsn, name) as conn:
            migrate(conn)
            summary = ingest(conn, paths, batch_size=batch_size)
            assert summary["status"] == "succeeded", summary
            return warehouse_checksums(conn)
    finally:
        drop_schema(dsn, name)


def ingest_run_row(conn: Any, airflow_run_id: str) -> dict[str, Any]:
    with conn.cursor() as cur:
        cur.execute("SELECT run_id, status, params, counts FROM ingest_runs WHERE airflow_run_id = %s",
                    (airflow_run_id,))
        rows = cur.fetchall()
        assert len(rows) == 1, rows
        run_id, status, params, counts = rows[0]
        cur.execute("SELECT count(*) FROM run_batches WHERE run_id = %s", (run_id,))
        batches = int(cur.fetchone()[0])
    conn.rollback()
    return {"run_id": run_id, "status": status, "params": params, "counts": counts, "batches": batches}


# Fixtures (imported by the test modules: a conftest.py here would shadow tests/conftest.py, which
# other test modules import as `conftest`).
@pytest.fixture(name="processes")
def processes_fixture() -> Iterator[Processes]:
    procs = Processes()
    try:
        yield procs
    finally:
        procs.stop_all()


@pytest.fixture(name="standalone")
def standalone_fixture(tmp_path: Path, dsn: str, schema: str) -> Iterator[RunningAirflow]:
    """`airflow standalone` (LocalExecutor, parallelism 4) writing into the test's warehouse schema."""
    home = tmp_path / "airflow"
    port = free_port()
    credentials = al.login(home)
    with metadata_database(dsn) as metadata:
        env = airflow_test_env(home, port, metadata, dsn, schema)
        al.migrate_metadata(env, home / "db-migrate.log")
        procs = Processes()
        try:
            proc = procs.spawn(["airflow", "standalone"], env, home / "standalone.log")
            base_url = f"http://127.0.0.1:{port}"
            al.wait_http(f"{base_url}/api/v2/monitor/health", 180, proc, home / "standalone.log")
            api = al.AirflowAPI(base_url, credentials)
            api.wait_for_dag(DAG_ID)
            yield RunningAirflow(base_url, api, credentials, home)
        finally:
            procs.stop_all()
