"""Guarantee 8: failures carry stage, error class, message, locator and run; `news-etl failures` lists them
with filters and `news-etl retry-failures` re-reads their inputs, so a fixed file resolves its failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from reliability_support import BAD, cli_env, run_cli

FIXED_LINE = json.dumps({"url": "https://example.org/fixed", "title": "Fixed line",
                         "text": "The repaired record now holds a full article about the river festival."})


def _failures(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    done = run_cli(["failures", "--format", "json", *args], env)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout))


def test_failures_are_listed_with_filters_and_fixed_inputs_resolve_on_retry(dsn: str, schema: str, conn: Any,
                                                                          tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(BAD, inbox)
    env = cli_env(dsn, schema)
    assert run_cli(["ingest", str(inbox)], env).returncode == 0

    listed = _failures(env)
    assert len(listed) == 6
    assert all(f["stage"] and f["error_class"] and f["message"] and f["locator"] and f["run_id"] == 1
               and f["source_name"] == "files:inbox" and f["resolved_at"] is None for f in listed)
    assert {f["error_class"] for f in _failures(env, "--stage", "parse")} == {"JSONDecodeError"}
    assert [f["locator"] for f in _failures(env, "--error-class", "UnicodeDecodeError")] == [str(inbox / "latin1.txt")]
    assert _failures(env, "--source", "files:elsewhere") == [] and _failures(env, "--run", "2") == []
    assert len(_failures(env, "--since", "2000-01-01T00:00:00+00:00")) == 6
    assert _failures(env, "--since", "2999-01-01") == []
    text = run_cli(["failures", "--stage", "read"], env).stdout
    assert "EmptyDocument" in text and "TruncatedGzip" in text and "2 failure(s)" in text

    dry = run_cli(["retry-failures", "--dry-run"], env)
    assert dry.returncode == 0 and "would re-read" in dry.stdout
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM ingest_runs")
        assert cur.fetchone()[0] == 1  # a dry run writes nothing
    conn.rollback()

    # fix two inputs, delete one, and record a URL failure from the fetching work
    (inbox / "latin1.txt").write_text((inbox / "latin1.txt").read_bytes().decode("latin-1"), encoding="utf-8")
    lines = (inbox / "truncated.jsonl").read_text(encoding="utf-8").splitlines()
    (inbox / "truncated.jsonl").write_text(lines[0] + "\n" + FIXED_LINE + "\n", encoding="utf-8")
    (inbox / "empty.html").unlink()
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO failures (locator, stage, error_class, message, run_id) VALUES "
                    "('https://news.example.org/a', 'fetch', 'HTTP503', 'HTTP 503 Service Unavailable', 1)")

    only = run_cli(["retry-failures", "--error-class", "UnicodeDecodeError", "--format", "json"], env)
    assert only.returncode == 0, only.stderr[-2000:]
    report = json.loads(only.stdout)
    assert [f["locator"] for f in report["resolved"]] == [str(inbox / "latin1.txt")]
    assert report["run"]["status"] == "succeeded" and report["still_failing"] == []

    everything = run_cli(["retry-failures"], env)
    assert everything.returncode == 0, everything.stderr[-2000:]
    assert "no longer exists" in everything.stdout and "not retryable" in everything.stdout
    assert "https://news.example.org/a: not retryable" in everything.stdout
    open_now = {f["locator"]: f["error_class"] for f in _failures(env)}
    assert open_now == {
        str(inbox / "binary.html"): "BinaryContent",
        str(inbox / "empty.html"): "EmptyDocument",  # deleted: cannot be retried, stays open
        str(inbox / "not_json.json"): "JSONDecodeError",
        str(inbox / "truncated.html.gz"): "TruncatedGzip",
        "https://news.example.org/a": "HTTP503",
    }
    resolved = {f["locator"] for f in _failures(env, "--all") if f["resolved_at"]}
    assert resolved == {str(inbox / "latin1.txt"), str(inbox / "truncated.jsonl#L2")}
    with conn.cursor() as cur:
        cur.execute("SELECT title FROM articles WHERE locator = %s", (str(inbox / "truncated.jsonl#L2"),))
        assert cur.fetchone() == ("Fixed line",)
        cur.execute("SELECT count(*) FROM articles")
        assert cur.fetchone()[0] == 3  # ok line 1, fixed line 2, the latin1 story; nothing twice
    conn.rollback()
