"""Airflow run from this repository, the way users run it: its environment (home, DAGs, a PostgreSQL
metadata database, the `news_db` connection), its processes (one process group per command, recorded in
a pid file) and a small REST API v2 client.

`make airflow` and `make airflow-stop` call this script; the end-to-end tests import it, so the tested
setup is the one users get.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import psycopg2
import psycopg2.extensions
import requests
from psycopg2 import sql

from news_etl.db import redact, resolve_dsn

log = logging.getLogger("airflow_local")

ROOT = Path(__file__).resolve().parents[1]
# The venv's bin/: `airflow standalone` starts its components as `airflow ...` found on PATH.
BIN = Path(sys.executable).parent
ADMIN = "admin"
PASSWORDS_FILE = "simple_auth_manager_passwords.json.generated"


@dataclass(frozen=True)
class Login:
    username: str
    password: str


def server_params(dsn: str) -> dict[str, str]:
    """libpq parameters of a DSN (URI or key=value), e.g. the embedded server's socket-only one."""
    return dict(psycopg2.extensions.parse_dsn(dsn))


def ensure_database(dsn: str, name: str) -> str:
    """Create database `name` on the server `dsn` points at (if missing); returns a DSN for it."""
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()
    return str(psycopg2.extensions.make_dsn(dsn, dbname=name))


def drop_database(dsn: str, name: str) -> None:
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        admin.close()


def _uri(scheme: str, params: Mapping[str, str]) -> str:
    """A URI for libpq parameters; a socket directory (host starting with /) goes into `?host=`, which
    both SQLAlchemy and Airflow's connection parser accept."""
    user = urllib.parse.quote(params.get("user", ""), safe="")
    password = params.get("password")
    auth = f"{user}:{urllib.parse.quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = params.get("host", "")
    query: dict[str, str] = {}
    if host.startswith("/"):
        query["host"] = host
        host = ""
    port = f":{params['port']}" if params.get("port") and host else ""
    if params.get("port") and not host:
        query["port"] = params["port"]
    if params.get("sslmode"):
        query["sslmode"] = params["sslmode"]
    tail = "?" + urllib.parse.urlencode(query) if query else ""
    return f"{scheme}://{auth}{host}{port}/{urllib.parse.quote(params.get('dbname', ''), safe='')}{tail}"


def sqlalchemy_url(dsn: str) -> str:
    """Airflow's [database] sql_alchemy_conn for a libpq DSN."""
    return _uri("postgresql+psycopg2", server_params(dsn))


def connection_uri(dsn: str) -> str:
    """An AIRFLOW_CONN_* URI for a libpq DSN (the `news_db` connection)."""
    return _uri("postgres", server_params(dsn))


def login(home: Path) -> Login:
    """The admin login of this Airflow home: written once with a random password, then reused, so the
    password `make airflow` printed keeps working across restarts."""
    path = home / PASSWORDS_FILE
    if path.exists():
        known = json.loads(path.read_text(encoding="utf-8"))
        if ADMIN in known:
            return Login(ADMIN, str(known[ADMIN]))
    home.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.write_text(json.dumps({ADMIN: password}), encoding="utf-8")
    path.chmod(0o600)
    return Login(ADMIN, password)


def _secret(home: Path, name: str) -> str:
    """A secret kept in the Airflow home so every component (and every restart) signs with the same one."""
    path = home / name
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def airflow_env(home: Path, *, port: int, metadata_dsn: str, warehouse_dsn: str, executor: str = "LocalExecutor",
                parallelism: int = 4, bind: str = "127.0.0.1", extra: Mapping[str, str] | None = None
                ) -> dict[str, str]:
    """The environment every Airflow component of this setup runs with."""
    env = dict(os.environ)
    env.update({
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__CORE__EXECUTOR": executor,
        # LocalExecutor forks this many workers; the default (32) is far too many for a laptop.
        "AIRFLOW__CORE__PARALLELISM": str(parallelism),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(metadata_dsn),
        "AIRFLOW__API__HOST": bind,
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__WORKERS": "1",
        # Task processes report to the API server; on a non-default port they must be told where it is.
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": _secret(home, "jwt_secret"),
        "AIRFLOW__API__SECRET_KEY": _secret(home, "api_secret_key"),
        "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN}:admin",
        "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
        # Tasks find the warehouse through this connection (it wins over NEWS_DB_URL).
        "AIRFLOW_CONN_NEWS_DB": connection_uri(warehouse_dsn),
    })
    env.update(extra or {})
    return env


def spawn(argv: Sequence[str], env: Mapping[str, str], logfile: Path) -> subprocess.Popen[bytes]:
    """Start a command as the leader of a new process group (so it can be stopped with all it forks)."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with logfile.open("ab") as out:
        return subprocess.Popen(list(argv), env=dict(env), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=str(ROOT), start_new_session=True)


def stop_group(pgid: int, timeout: float = 30.0) -> None:
    """SIGTERM a process group, then SIGKILL what is left of it and of every process it had forked
    (Airflow's task processes run in process groups of their own)."""
    try:
        leader = psutil.Process(pgid)
        family = [leader, *leader.children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    _, alive = psutil.wait_procs(family, timeout=timeout)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    psutil.wait_procs(alive, timeout=5)


def wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None, logfile: Path | None = None
              ) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = logfile.read_text(errors="replace")[-3000:] if logfile else ""
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode} before {url} answered\n{tail}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def migrate_metadata(env: Mapping[str, str], logfile: Path) -> None:
    with logfile.open("ab") as out:
        done = subprocess.run(["airflow", "db", "migrate"], env=dict(env), stdout=out, stderr=subprocess.STDOUT,
                              cwd=str(ROOT), check=False)
    if done.returncode:
        raise RuntimeError(f"airflow db migrate failed; see {logfile}\n{logfile.read_text(errors='replace')[-3000:]}")


class AirflowAPI:
    """The REST API v2 with a JWT from /auth/token."""

    def __init__(self, base_url: str, credentials: Login) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            reply = requests.post(f"{self.base_url}/auth/token", timeout=30,
                                  json={"username": self.credentials.username, "password": self.credentials.password})
            reply.raise_for_status()
            self._token = str(reply.json()["access_token"])
        return self._token

    def call(self, method: str, path: str, body: Any = None, ok: Sequence[int] = (200, 201)) -> Any:
        reply = requests.request(method, f"{self.base_url}/api/v2/{path.lstrip('/')}", json=body, timeout=30,
                                 headers={"Authorization": f"Bearer {self.token()}"})
        if reply.status_code not in ok:
            raise RuntimeError(f"{method} {path}: HTTP {reply.status_code}: {reply.text[:500]}")
        return reply.json() if reply.content else None

    def wait_for_dag(self, dag_id: str, timeout: float = 180) -> dict[str, Any]:
        """Until the dag-processor has parsed and serialized the DAG (a trigger fails before that)."""
        deadline = time.monotonic() + timeout
        while True:
            reply = requests.get(f"{self.base_url}/api/v2/dags/{dag_id}/details", timeout=30,
                                 headers={"Authorization": f"Bearer {self.token()}"})
            if reply.status_code == 200:
                return dict(reply.json())
            if time.monotonic() > deadline:
                raise TimeoutError(f"DAG {dag_id} not parsed within {timeout:.0f} s: {reply.text[:300]}")
            time.sleep(2)

    def unpause(self, dag_id: str) -> None:
        self.call("PATCH", f"dags/{dag_id}", {"is_paused": False})

    def trigger(self, dag_id: str, conf: Mapping[str, Any]) -> str:
        run = self.call("POST", f"dags/{dag_id}/dagRuns", {"logical_date": None, "conf": dict(conf)})
        return str(run["dag_run_id"])

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 300,
                     watch: Callable[[], None] | None = None) -> str:
        """The run's final state; `watch` raises when a component it started has died (fail fast)."""
        deadline = time.monotonic() + timeout
        quoted = urllib.parse.quote(run_id, safe="")
        while True:
            if watch is not None:
                watch()
            state = str(self.call("GET", f"dags/{dag_id}/dagRuns/{quoted}")["state"])
            if state in ("success", "failed"):
                return state
            if time.monotonic() > deadline:
                raise TimeoutError(f"run {run_id} still {state} after {timeout:.0f} s")
            time.sleep(2)

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        quoted = urllib.parse.quote(run_id, safe="")
        return list(self.call("GET", f"dags/{dag_id}/dagRuns/{quoted}/taskInstances?limit=1000")["task_instances"])


def _pid_file(home: Path) -> Path:
    return home / "airflow-standalone.pid"


def start(home: Path, port: int, bind: str, parallelism: int) -> int:
    """`make airflow`: migrate the metadata DB, start `airflow standalone` in the background, wait for it."""
    pid_file = _pid_file(home)
    if pid_file.exists() and psutil.pid_exists(int(pid_file.read_text())):
        print(f"Airflow already runs (process group {pid_file.read_text().strip()}); `make airflow-stop` first")
        return 1
    warehouse = resolve_dsn()
    # Metadata in PostgreSQL (not SQLite) so LocalExecutor runs mapped batches in parallel: database
    # `airflow` next to the warehouse, on the same server.
    metadata = ensure_database(warehouse, "airflow")
    credentials = login(home)
    env = airflow_env(home, port=port, metadata_dsn=metadata, warehouse_dsn=warehouse, parallelism=parallelism,
                      bind=bind)
    logfile = home / "standalone.log"
    print(f"== warehouse: {redact(warehouse)}\n== metadata:  {redact(metadata)}\n== airflow db migrate")
    migrate_metadata(env, home / "db-migrate.log")
    proc = spawn(["airflow", "standalone"], env, logfile)
    pid_file.write_text(str(proc.pid), encoding="utf-8")
    print(f"== airflow standalone (process group {proc.pid}, log {logfile})")
    try:
        wait_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", 180, proc, logfile)
        AirflowAPI(f"http://127.0.0.1:{port}", credentials).wait_for_dag("news_ingest_files")
    except (RuntimeError, TimeoutError):
        stop_group(proc.pid)
        pid_file.unlink(missing_ok=True)
        raise
    host = "localhost" if bind in ("127.0.0.1", "0.0.0.0") else bind
    print(f"\nAirflow is up:  http://{host}:{port}\nlogin:          {credentials.username} / {credentials.password}\n"
          "stop it with:   make airflow-stop")
    return 0


def stop(home: Path) -> int:
    pid_file = _pid_file(home)
    if not pid_file.exists():
        print("Airflow is not running (no pid file)")
        return 0
    pgid = int(pid_file.read_text())
    stop_group(pgid)
    pid_file.unlink()
    print(f"Airflow stopped (process group {pgid})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start", help="start airflow standalone in the background and print the URL and login")
    p.add_argument("--port", type=int, default=int(os.environ.get("AIRFLOW_PORT", "8080")))
    p.add_argument("--bind", default=os.environ.get("AIRFLOW_BIND", "127.0.0.1"))
    p.add_argument("--parallelism", type=int, default=int(os.environ.get("AIRFLOW_PARALLELISM", "4")))
    sub.add_parser("stop", help="stop every process `start` started")
    args = parser.parse_args(argv)
    home = Path(os.environ.get("AIRFLOW_HOME", str(ROOT / ".airflow")))
    if args.command == "start":
        return start(home, args.port, args.bind, args.parallelism)
    return stop(home)


if __name__ == "__main__":
    sys.exit(main())
