"""Guarantee 7 (secrets): a password in NEWS_DB_URL never appears in CLI output, logs, task logs or errors,
and the README's defaults hold none."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from psycopg2 import sql
from reliability_support import BAD, ROOT, SEEDS, cli_env, run_cli

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
def password_dsn() -> Iterator[tuple[str, str]]:
    """A role with a password on the local PostgreSQL 15 (dropped afterwards) and a DSN that carries it."""
    role, password = f"news_secret_{uuid.uuid4().hex[:8]}", f"S3cr3t-{secrets.token_hex(12)}"
    try:
        admin = psycopg2.connect(LOCAL_SERVER, connect_timeout=5)
    except psycopg2.OperationalError as exc:
        pytest.fail(f"the local PostgreSQL at 127.0.0.1:5432 is needed for this test: {exc}")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(sql.Identifier(role)), (password,))
        cur.execute(sql.SQL("GRANT CREATE ON DATABASE test TO {}").format(sql.Identifier(role)))
    try:
        yield f"postgresql://{role}:{password}@127.0.0.1:5432/test", password
    finally:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("SELECT nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles "
                                "WHERE rolname = %s)"), (role,))
            for (schema,) in cur.fetchall():
                cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            cur.execute(sql.SQL("REVOKE ALL ON DATABASE test FROM {}").format(sql.Identifier(role)))
            cur.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        admin.close()


def test_cli_output_and_logs_never_show_the_password(password_dsn: tuple[str, str], tmp_path: Path) -> None:
    dsn, password = password_dsn
    env = cli_env(dsn, f"s_{uuid.uuid4().hex[:10]}")
    outputs = []
    for args in (["-v", "ingest", str(SEEDS), str(BAD), "--report"], ["-v", "db-url"], ["-v", "report"],
                 ["-v", "failures", "--all"], ["-v", "failures", "--format", "json"],
                 ["-v", "retry-failures", "--dry-run"], ["-v", "migrate"]):
        done = run_cli(args, env)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout + done.stderr)
    bad_port = cli_env(dsn.replace(":5432/", ":1/"), "public")
    for args in (["-v", "ingest", str(SEEDS)], ["failures"]):
        done = run_cli(args, bad_port)
        assert done.returncode != 0 and "port 1" in done.stderr  # a clear connection error...
        outputs.append(done.stdout + done.stderr)
    text = "\n".join(outputs)
    assert "***" in text  # db-url shows the DSN redacted
    assert password not in text  # ...that names the server, not the password


def test_dag_task_logs_never_show_the_password(password_dsn: tuple[str, str], airflow_db: Path,
                                               monkeypatch: pytest.MonkeyPatch, capfd: Any,
                                               caplog: pytest.LogCaptureFixture) -> None:
    from airflow.dag_processing.dagbag import DagBag

    dsn, password = password_dsn
    monkeypatch.setenv("NEWS_DB_URL", dsn)
    monkeypatch.setenv("NEWS_DB_SCHEMA", f"s_{uuid.uuid4().hex[:10]}")
    bag = DagBag(dag_folder=str(ROOT / "dags"))
    run = bag.get_dag("news_ingest_files").test(run_conf={"paths": [str(BAD)], "batch_size": 3})
    assert "success" in str(run.state).lower()
    captured = capfd.readouterr()
    logs = [p.read_text(errors="replace") for p in (airflow_db / "logs").rglob("*") if p.is_file()]
    everything = "\n".join([captured.out, captured.err, caplog.text, *logs])
    assert "news_ingest_files" in everything
    assert password not in everything


def test_readme_defaults_hold_no_password() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    defaults = [row.split("|")[2] for row in config.splitlines() if row.startswith("| `")]
    # the shape `user:pass@` or an elided `user:…@` is fine; a usable password is not
    secret = re.compile(r"postgres(?:ql)?://[^/\s:@]+:(?!pass@|…@|\*\*\*@|\$)[^@\s`]+@")
    assert defaults and not [d for d in defaults if secret.search(d)]
    assert [line for line in readme.splitlines() if secret.search(line)] == []
