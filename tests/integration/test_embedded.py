"""The embedded-PostgreSQL path: no NEWS_DB_URL, a private pgdata, the CLI end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS


def run_cli(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "news_etl.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWS_DB_URL", "NEWS_DB_SCHEMA")}
    env["NEWS_ETL_DATA_DIR"] = str(tmp_path / "data")
    yield env
    subprocess.run([sys.executable, "-m", "news_etl.cli", "db-stop"], env=env, capture_output=True, timeout=60)


def test_embedded_server_starts_loads_and_is_reused(embedded_env: dict[str, str], tmp_path: Path) -> None:
    url = run_cli("db-url", env=embedded_env).strip()
    assert url.startswith("postgresql://") and str(tmp_path / "data" / "pgdata") in url
    assert "applied 1" in run_cli("migrate", env=embedded_env) or "applied" in run_cli("migrate", env=embedded_env)
    out = run_cli("ingest", str(SEEDS), "--report", env=embedded_env)
    assert '"status": "succeeded"' in out and "articles         13" in out
    # a second process finds the same running server and the same data
    assert run_cli("db-url", env=embedded_env).strip() == url
    out = run_cli("ingest", str(SEEDS), "--report", env=embedded_env)
    assert "articles         13" in out
    assert "stopped" in run_cli("db-stop", env=embedded_env)
