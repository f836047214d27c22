"""Guarantee 4: two ingests running at once over intersecting inputs end with each article once, and the
same tables as one run over the union."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from reliability_support import (
    NEWS_ETL,
    cli_env,
    counts_by_locator,
    fingerprint,
    fresh_schema,
    make_corpus,
    run_cli,
)

from news_etl.db import drop_schema

ROUNDS = 3


@pytest.mark.timeout(900)
def test_overlapping_runs_write_each_article_once(dsn: str, schema: str, conn: object, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "all", 60)
    # two overlapping views of the corpus: A = seeds + bad + gen, B = gen + a copy of the seeds elsewhere
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    for name in ("seeds", "bad"):
        (left / name).symlink_to(corpus / name)
    (left / "gen").symlink_to(corpus / "gen")
    (right / "gen").symlink_to(corpus / "gen")
    shutil.copytree(corpus / "seeds", right / "seeds_copy")

    reference_schema = f"r_{uuid.uuid4().hex[:12]}"
    ref_conn = fresh_schema(dsn, reference_schema)
    try:
        for path in (left, right):
            assert run_cli(["ingest", str(path), "--batch-size", "5"], cli_env(dsn, reference_schema)).returncode == 0
        reference = fingerprint(ref_conn, reference_schema)
    finally:
        ref_conn.close()
        drop_schema(dsn, reference_schema)

    env = cli_env(dsn, schema)
    for _ in range(ROUNDS):
        procs = [subprocess.Popen([NEWS_ETL, "ingest", str(p), "--batch-size", "5"], env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for p in (left, right)]
        results = [p.communicate(timeout=600) for p in procs]
        for proc, (out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err[-3000:]
            assert json.loads(out.splitlines()[0])["status"] == "succeeded"
    assert max(counts_by_locator(conn).values()) == 1
    assert fingerprint(conn, schema) == reference
