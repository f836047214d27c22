"""Guarantee 3: PostgreSQL restarted in the middle of a run (a private server of this test) fails the
affected step with a clear connection error; retrying the missing batches, or the next run, completes
with nothing lost or duplicated."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reliability_support import NEWS_ETL, cli_env, counts_by_locator, fingerprint, fresh_schema, make_corpus, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

CONNECTION_ERRORS = ("server closed the connection unexpectedly", "terminating connection due to administrator",
                     "connection already closed", "Connection refused", "the database system is shutting down",
                     "could not connect to server", "connection to server")


@pytest.fixture
def private_server() -> Iterator[tuple[Any, str]]:
    """A pgserver instance of this test alone, deleted afterwards. As root, PostgreSQL runs as the system
    user `pgserver`, so the directory must be traversable."""
    from pgserver.postgres_server import get_server

    base = Path(tempfile.mkdtemp(prefix="news-etl-pgfault-", dir="/tmp"))
    base.chmod(0o755)
    server = get_server(base / "pgdata", cleanup_mode="delete")
    try:
        server.psql("CREATE DATABASE news;")
        yield server, str(server.get_uri("news"))
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def _restart(server: Any) -> float:
    from pgserver._commands import pg_ctl

    started = time.monotonic()
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60)
    return time.monotonic() - started


def _batches_done(dsn: str, schema: str) -> int:
    import psycopg2

    try:
        with psycopg2.connect(dsn, options=f"-c search_path={schema}", connect_timeout=2) as c, c.cursor() as cur:
            cur.execute("SELECT count(*) FROM run_batches")
            return int(cur.fetchone()[0])
    except psycopg2.Error:
        return -1


def test_restart_mid_run_fails_clearly_and_the_retry_and_next_run_lose_nothing(private_server: tuple[Any, str],
                                                                               tmp_path: Path) -> None:
    from news_etl import pipeline
    from news_etl.db import connect

    server, dsn = private_server
    corpus = make_corpus(tmp_path / "corpus", 80)
    ref = fresh_schema(dsn, "reference")
    assert pipeline.ingest(ref, [str(corpus)], batch_size=5)["status"] == "succeeded"
    reference = fingerprint(ref, "reference")
    ref.close()

    fresh_schema(dsn, "warehouse").close()
    env = cli_env(dsn, "warehouse")
    restarts = []
    for round_no in range(2):  # the restart lands after the 2nd, then after the 6th committed batch
        proc = subprocess.Popen([NEWS_ETL, "ingest", str(corpus), "--batch-size", "5"], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            threshold = 2 if round_no == 0 else _batches_done(dsn, "warehouse") + 4
            deadline = time.monotonic() + 300
            while _batches_done(dsn, "warehouse") < threshold and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert proc.poll() is None, "the run ended before the restart: make the corpus slower"
            took = _restart(server)
            _, err = proc.communicate(timeout=300)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        restarts.append({"after_batches": threshold, "restart_s": round(took, 2), "exit": proc.returncode})
        assert proc.returncode != 0
        assert "OperationalError" in err or "InterfaceError" in err, err[-3000:]
        assert any(m in err for m in CONNECTION_ERRORS), err[-3000:]
    print("restarts:", restarts)

    conn = connect(dsn, "warehouse")
    try:
        # the task-retry path: the same run, its missing batches processed again, then finished
        with conn.cursor() as cur:
            cur.execute("SELECT run_id FROM ingest_runs WHERE finished_at IS NULL ORDER BY run_id")
            broken = [r[0] for r in cur.fetchall()]
        conn.rollback()
        assert len(broken) == 2
        first = broken[0]
        with conn.cursor() as cur:
            cur.execute("SELECT DISTINCT batch_no FROM run_inputs WHERE run_id = %s AND batch_no NOT IN "
                        "(SELECT batch_no FROM run_batches WHERE run_id = %s) ORDER BY 1", (first, first))
            missing = [r[0] for r in cur.fetchall()]
        conn.rollback()
        assert missing
        for batch_no in missing:
            pipeline.process_batch(conn, first, batch_no)
        assert pipeline.finish_run(conn, first)["status"] == "succeeded"
        assert fingerprint(conn, "warehouse") == reference

        # the next-run path
        done = run_cli(["ingest", str(corpus), "--batch-size", "5"], env)
        assert done.returncode == 0, done.stderr[-2000:]
        assert fingerprint(conn, "warehouse") == reference
        assert max(counts_by_locator(conn).values()) == 1
    finally:
        conn.close()
