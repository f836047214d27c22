"""Shared fixtures: a real PostgreSQL (NEWS_DB_URL, else the embedded server), one schema per test, and
an Airflow home of the test session's own so DAG runs never touch a developer's."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Airflow reads its configuration at import time: set it before any test imports airflow.
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="news-etl-airflow-"))
os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
os.environ["AIRFLOW__CORE__PLUGINS_FOLDER"] = str(ROOT / "plugins")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
os.environ.pop("AIRFLOW_CONN_NEWS_DB", None)


@pytest.fixture(scope="session")
def dsn() -> str:
    """The warehouse server for the whole session (never a mock)."""
    from news_etl.db import resolve_dsn

    return resolve_dsn()


@pytest.fixture
def schema(dsn: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, migrated schema for one test, dropped afterwards; NEWS_DB_SCHEMA points at it so that
    code under test (CLI, DAG tasks) uses it too."""

    from news_etl.db import connection, drop_schema, migrate

    name = f"t_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("NEWS_DB_SCHEMA", name)
    monkeypatch.setenv("NEWS_DB_URL", dsn)
    with connection(dsn, name) as conn:
        migrate(conn)
    yield name
    drop_schema(dsn, name)


@pytest.fixture
def conn(dsn: str, schema: str) -> Iterator[object]:
    from news_etl.db import connection

    with connection(dsn, schema) as c:
        yield c


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Airflow's metadata database for this session (SQLite in the session's AIRFLOW_HOME)."""
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True,
                   env=os.environ.copy())
    return _AIRFLOW_HOME


def count(conn: object, table: str) -> int:
    with conn.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute(f"SELECT count(*) FROM {table}")  # table names are test constants
        return int(cur.fetchone()[0])
