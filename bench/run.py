"""End-to-end benchmark: our pipeline through the real DAG vs bare trafilatura, side by side in one run.

    python bench/run.py --docs 1000            # `make bench`
    python bench/run.py --docs 10000           # `make bench-large` (BENCH_DOCS=100000 for the largest)

In one run, on the same generated corpus (bench/corpus.py, cached in bench/out/):
1. bare trafilatura: `--workers` processes over the files (bench/bare_trafilatura.py);
2. our pipeline: `news_ingest_files` through Airflow's LocalExecutor with `parallelism = --workers`
   (PostgreSQL metadata database `airflow_bench` on the warehouse server, an api-server for the task
   execution API), into a fresh warehouse schema;
3. the same DAG again over the unchanged corpus (incremental re-run);
4. the database stage alone: `load_batch` on pre-extracted articles into a fresh schema.
It prints documents, wall times, docs/s and their ratio, per-stage shares, peak RSS per process and the
task-instance count, and writes the figures as JSON to bench/out/result-<docs>.json.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import dataclasses
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# One version of the package and its SQL for the whole benchmark (every process of it), even while this
# checkout is being edited: a copy taken now, first on every process's path.
SNAPSHOT = OUT / f"snapshot-{os.getpid()}"
atexit.register(shutil.rmtree, SNAPSHOT, ignore_errors=True)
shutil.copytree(ROOT / "plugins" / "news_etl", SNAPSHOT / "news_etl", ignore=shutil.ignore_patterns("__pycache__"))
shutil.copytree(ROOT / "sql", SNAPSHOT / "sql")
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(SNAPSHOT), os.environ.get("PYTHONPATH")) if p)
os.environ["NEWS_ETL_SQL_DIR"] = str(SNAPSHOT / "sql")
os.environ.setdefault("NEWS_ETL_DATA_DIR", str(ROOT / ".data"))  # the snapshot's own root is bench/out
sys.path.insert(0, str(SNAPSHOT))
sys.path.insert(1, str(ROOT / "bench"))

import psycopg2  # noqa: E402
import psycopg2.extensions  # noqa: E402
from corpus import ensure_corpus, language, paragraph  # noqa: E402
from psycopg2 import sql  # noqa: E402

from news_etl.db import connection, drop_schema, migrate, resolve_dsn  # noqa: E402

PY = sys.executable
AIRFLOW_DB = "airflow_bench"


def log(msg: str) -> None:
    print(f"== {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- baseline
def run_bare(files: list[str], workers: int, out: Path) -> dict[str, Any]:
    listing = out / "files.txt"
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    started = time.monotonic()
    procs = [subprocess.Popen([PY, str(ROOT / "bench" / "bare_trafilatura.py"), str(listing),
                               "--shard", str(i), "--of", str(workers)], stdout=subprocess.PIPE, text=True)
             for i in range(workers)]
    results = []
    for proc in procs:
        stdout, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit("bare trafilatura failed")
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    wall = time.monotonic() - started
    return {"wall": wall, "docs_per_s": len(files) / wall, "processes": results,
            "max_rss_mb": max(r["max_rss_mb"] for r in results)}


# ---------------------------------------------------------------------------------------------- airflow
def sqlalchemy_url(dsn: str, dbname: str) -> str:
    """The warehouse DSN pointed at another database of the same server, in SQLAlchemy's psycopg2 form."""
    parts = urllib.parse.urlsplit(dsn)
    return urllib.parse.urlunsplit(("postgresql+psycopg2", parts.netloc, f"/{dbname}", parts.query, ""))


def ensure_database(dsn: str, dbname: str) -> None:
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    admin.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def airflow_env(dsn: str, out: Path, workers: int, port: int, schema: str) -> dict[str, str]:
    env = os.environ.copy()
    env.pop("AIRFLOW_CONN_NEWS_DB", None)
    env.update({
        "AIRFLOW_HOME": str(out / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": str(workers),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(dsn, AIRFLOW_DB),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        # a local, throw-away signing key shared by the api-server and the executor of this run only
        "AIRFLOW__API_AUTH__JWT_SECRET": os.urandom(24).hex(),
        "NEWS_DB_URL": dsn,
        "NEWS_DB_SCHEMA": schema,
    })
    return env


@contextlib.contextmanager
def api_server(env: dict[str, str], port: int, out: Path) -> Iterator[None]:
    logfile = open(out / "airflow" / "api-server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([PY, "-m", "airflow", "api-server", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=logfile, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"api-server did not start; see {logfile.name}") from None
                time.sleep(1)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        logfile.close()


def run_dag(env: dict[str, str], corpus: Path, batch_size: int, out: Path, label: str) -> dict[str, Any]:
    logpath = out / "airflow" / f"dag-{label}.log"
    with open(logpath, "w") as logfile:
        proc = subprocess.run([PY, str(ROOT / "bench" / "dag_run.py"), str(corpus), "--batch-size", str(batch_size)],
                              env=env, stdout=subprocess.PIPE, stderr=logfile, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH_RESULT ")]
    if proc.returncode or not lines:
        raise SystemExit(f"DAG run failed; see {logpath}")
    result: dict[str, Any] = json.loads(lines[-1].split(" ", 1)[1])
    if "success" not in result["state"]:
        raise SystemExit(f"DAG run ended {result['state']}; see {logpath}")
    return result


def batch_stats(dsn: str, schema: str) -> dict[str, Any]:
    """Per-stage seconds and peak RSS recorded by the batches of the schema's last run."""
    with connection(dsn, schema) as conn, conn.cursor() as cur:
        cur.execute("SELECT max(run_id) FROM ingest_runs")
        row = cur.fetchone()
        assert row is not None
        cur.execute("SELECT counts FROM run_batches WHERE run_id = %s", (row[0],))
        counts = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT counts FROM ingest_runs WHERE run_id = %s", (row[0],))
        run = cur.fetchone()
    assert run is not None
    keys = ("read_s", "lookup_s", "extract_s", "load_s", "seconds", "articles", "failures")
    stats: dict[str, Any] = {k: sum(float(c.get(k, 0)) for c in counts) for k in keys}
    # unchanged documents: those of files skipped at planning (not read) and those batches skipped by hash
    stats["unchanged"] = float(run[0].get("unchanged", 0))
    stats["batches"] = len(counts)
    stats["max_rss_mb"] = max((float(c.get("max_rss_mb", 0)) for c in counts), default=0.0)
    stats["run"] = run[0]
    return stats


def shares(dag: dict[str, Any], stats: dict[str, Any], workers: int) -> dict[str, float]:
    """Where the worker-seconds (wall x workers) went: our stages, other task code, and Airflow."""
    capacity = dag["wall"] * workers
    in_tasks = sum(ti["duration"] for ti in dag["task_instances"])
    ours = {k: stats[k] for k in ("read_s", "lookup_s", "extract_s", "load_s")}
    # the search index's pending list, merged by each task when it runs out of batches and at the run's end,
    # and the planner statistics refreshed at the run's end: the load's upkeep
    ours["load_s"] += sum(ti.get("maintenance_s", 0.0) for ti in dag["task_instances"])
    out = {k.removesuffix("_s"): v / capacity for k, v in ours.items()}
    out["other task code"] = (in_tasks - sum(ours.values())) / capacity
    out["airflow (scheduling, task start, idle)"] = 1 - in_tasks / capacity
    return out


def scheduling_overhead(dag: dict[str, Any], workers: int) -> float:
    """1 - (the wall time a perfect scheduler would need for these task durations) / the wall time."""
    serial = sum(ti["duration"] for ti in dag["task_instances"] if ti["task_id"] != "ingest_batches")
    mapped = sum(ti["duration"] for ti in dag["task_instances"] if ti["task_id"] == "ingest_batches")
    mapped_max = max((ti["duration"] for ti in dag["task_instances"] if ti["task_id"] == "ingest_batches"), default=0)
    ideal = serial + max(mapped / workers, mapped_max)
    return 1 - ideal / dag["wall"]


def fresh_schema(dsn: str, schema: str) -> None:
    drop_schema(dsn, schema)
    with connection(dsn, schema) as conn:
        migrate(conn)


# ------------------------------------------------------------------------------------------- load stage
# Article texts for the load stage: new texts for copies of sampled articles, written like the corpus's own
# paragraphs (bench/corpus.py: Zipf over 30,000 words per language), so unrelated texts are 12+ bits apart as
# in real news. Syndication is simulated on purpose (`syndicated`).
def article_text(rng: random.Random, code: str, paragraphs: int) -> str:
    lang = language(code)
    return "\n\n".join(paragraph(rng, lang) for _ in range(paragraphs))


def run_load(dsn: str, files: list[str], articles: int, batch: int, syndicated: float = 0.0,
             stories: int = 1) -> dict[str, Any]:
    """load_batch alone on `articles` distinct pre-extracted articles (a sample extracted once, then copied
    under new locators, URLs, bytes and texts), in batches of `batch`, each in its own transaction.

    `syndicated`: the share of articles that are instead copies of `stories` wire stories (the story with
    an outlet's dateline and sign-off), so that near-duplicate clusters of thousands form."""
    from news_etl.extract import extractor_version
    from news_etl.load import load_batch
    from news_etl.metadata import content_hash, word_count
    from news_etl.pipeline import extract_all, flush_search_index, read_inputs
    from news_etl.records import Article, RawDocument
    from news_etl.urls import normalize_url

    # every n-th file: the corpus lists its pages by language, and the sample should hold all of them
    step = max(1, len(files) // 100)
    sample = extract_all(read_inputs((f, "files:bench") for f in files[::step][:100]))
    by_sha = {d.sha256: d for d in sample.documents}
    pairs = [(by_sha[a.document_sha256], a) for a in sample.articles]
    schema = "bench_load"
    fresh_schema(dsn, schema)
    version = extractor_version()
    wire = [article_text(random.Random(f"wire:{s}"), "en", 10) for s in range(stories)]

    def variant(k: int) -> tuple[RawDocument, Article]:
        # New bytes, URL and text for each copy of a sampled article.
        doc, art = pairs[k % len(pairs)]
        raw = dataclasses.replace(doc, locator=f"{doc.locator}#v{k}", content=doc.content + f"<!-- {k} -->".encode())
        url = f"{art.url or 'https://bench.example/a'}?v={k}"
        rng = random.Random(f"load:{k}")
        if rng.random() < syndicated:
            text = f"CITY{k % 50} (Wire) - {wire[k % stories]} Reporting by desk {k % 97}."
        else:
            text = article_text(rng, art.language or "en", art.text.count("\n\n") + 1)
        return raw, dataclasses.replace(art, locator=raw.locator, document_sha256=raw.sha256, url=url,
                                        canonical_url=url if art.canonical_url else None,
                                        url_key=normalize_url(url) or url, text=text,
                                        content_hash=content_hash(text), word_count=word_count(text))

    seconds = 0.0
    TimingCursor.seconds.clear()
    with connection(dsn, schema) as conn:
        conn.cursor_factory = TimingCursor
        for start in range(0, articles, batch):
            made = [variant(k) for k in range(start, min(articles, start + batch))]
            t = time.monotonic()
            with conn, conn.cursor() as cur:
                load_batch(cur, _new_run(cur), [d for d, _ in made], [a for _, a in made], [], version)
            seconds += time.monotonic() - t
        t = time.monotonic()  # the end of a run merges the search index's pending list (migration 0010)
        flush_search_index(conn)
        seconds += time.monotonic() - t
        with conn.cursor(cursor_factory=psycopg2.extensions.cursor) as cur:
            cur.execute("SELECT count(*), count(DISTINCT cluster_id), "
                        "(SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY cluster_id HAVING count(*) > 1) c) "
                        "FROM articles")
            row = cur.fetchone()
        conn.rollback()
    assert row is not None
    top = sorted(TimingCursor.seconds.items(), key=lambda kv: -kv[1])[:8]
    return {"articles": articles, "batch": batch, "syndicated": syndicated, "seconds": seconds,
            "articles_per_s": articles / seconds, "load_average": os.getloadavg()[0],
            "stored": {"articles": row[0], "clusters": row[1], "clusters_of_several": row[2]},
            "top_statements": [{"statement": k, "seconds": round(v, 2), "share": round(v / seconds, 3)}
                               for k, v in top]}


class TimingCursor(psycopg2.extensions.cursor):
    """Seconds spent in each statement, keyed by the name of its SQL file (else its first line)."""

    seconds: ClassVar[dict[str, float]] = {}
    names: ClassVar[dict[str, str]] = {}

    def _timed(self, key: str, started: float) -> None:
        TimingCursor.seconds[key] = TimingCursor.seconds.get(key, 0.0) + time.monotonic() - started

    def execute(self, query: Any, vars: Any = None) -> None:
        if not TimingCursor.names:
            TimingCursor.names = {p.read_text(encoding="utf-8"): p.stem
                                  for p in (SNAPSHOT / "sql" / "queries").glob("*.sql")}
        started = time.monotonic()
        super().execute(query, vars)
        self._timed(TimingCursor.names.get(str(query)) or str(query).strip().splitlines()[0][:100], started)

    def copy_expert(self, sql: Any, file: Any, size: int = 8192) -> None:
        started = time.monotonic()
        super().copy_expert(sql, file, size)
        self._timed(str(sql).split("(")[0].strip(), started)


def _new_run(cur: Any) -> int:
    cur.execute("INSERT INTO ingest_runs (command) VALUES ('bench load') RETURNING run_id")
    return int(cur.fetchone()[0])


# ------------------------------------------------------------------------------------------------ main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path,
                        help="a directory of real pages (.html or .html.gz) to use instead of a generated corpus, "
                             "e.g. ../shared/eval/wcxb-dev-articles/html; --docs is then its size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=250, help="the DAG's batch_size param")
    parser.add_argument("--load-articles", type=int, default=5000)
    parser.add_argument("--load-syndicated", type=float, default=0.0,
                        help="share of the load stage's articles that are copies of one wire story")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--load-only", action="store_true", help="only the database stage on its own")
    parser.add_argument("--skip-load", action="store_true", help="leave out the database stage on its own")
    args = parser.parse_args()

    out: Path = args.out.resolve()
    (out / "airflow").mkdir(parents=True, exist_ok=True)
    dsn = resolve_dsn()
    from news_etl.sources import list_inputs

    if args.corpus:
        corpus = args.corpus.resolve()
        files = [path for path, _ in list_inputs([corpus])]
        args.docs = len(files)
    else:
        corpus = ensure_corpus(out / f"corpus-{args.docs}-{args.seed}", args.docs, args.seed)
        files = [path for path, _ in list_inputs([corpus])]
        assert len(files) == args.docs, f"{corpus} holds {len(files)} pages, expected {args.docs}"
    report: dict[str, Any] = {"docs": args.docs, "workers": args.workers, "batch_size": args.batch_size,
                              "corpus": str(args.corpus or "generated")}
    if args.load_only:
        load = run_load(dsn, files, args.load_articles, 1000, args.load_syndicated)
        print(json.dumps(load, indent=2))
        return

    port = free_port()
    label = f"{args.docs}" if not args.corpus else f"{args.corpus.name}-{args.docs}"
    schema = "bench_" + "".join(c if c.isalnum() else "_" for c in label.lower())
    env = airflow_env(dsn, out, args.workers, port, schema)
    ensure_database(dsn, AIRFLOW_DB)
    log(f"airflow db migrate ({AIRFLOW_DB})")
    subprocess.run([PY, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True)
    fresh_schema(dsn, schema)

    if not args.skip_bare:
        log(f"bare trafilatura, {args.workers} processes, {args.docs:,} pages")
        bare_before = run_bare(files, args.workers, out)
    with api_server(env, port, out):
        # The api-server loads most of its code on the first task's first call (20 s on a busy machine):
        # a two-page run into a schema of its own takes that out of the measured runs.
        log("warm-up run (2 pages, schema bench_warmup)")
        warm = ensure_corpus(out / "corpus-warmup", 2, args.seed + 1)
        fresh_schema(dsn, "bench_warmup")
        run_dag({**env, "NEWS_DB_SCHEMA": "bench_warmup"}, warm, args.batch_size, out, "warmup")
        log(f"news_ingest_files through LocalExecutor (parallelism {args.workers}), first run")
        first = run_dag(env, corpus, args.batch_size, out, f"{args.docs}-first")
        first_stats = batch_stats(dsn, schema)
        log("news_ingest_files again over the unchanged corpus")
        rerun = run_dag(env, corpus, args.batch_size, out, f"{args.docs}-rerun")
        rerun_stats = batch_stats(dsn, schema)
    if not args.skip_bare:
        # The CPU is shared: run the baseline before and after the pipeline and compare with their mean.
        log("bare trafilatura again")
        bare_after = run_bare(files, args.workers, out)
        wall = (bare_before["wall"] + bare_after["wall"]) / 2
        report["bare"] = {"wall": wall, "docs_per_s": args.docs / wall,
                          "walls": [bare_before["wall"], bare_after["wall"]],
                          "max_rss_mb": max(bare_before["max_rss_mb"], bare_after["max_rss_mb"])}
    if not args.skip_load:
        log(f"load stage alone: {args.load_articles:,} articles")
        report["load"] = run_load(dsn, files, args.load_articles, 1000)
    report["first"] = {**first, "stats": first_stats, "shares": shares(first, first_stats, args.workers),
                       "scheduling_overhead": scheduling_overhead(first, args.workers)}
    report["rerun"] = {**rerun, "stats": rerun_stats}
    (out / f"result-{label}.json").write_text(json.dumps(report, indent=2))
    print_report(report)


def print_report(r: dict[str, Any]) -> None:
    first, rerun, load = r["first"], r["rerun"], r.get("load")
    n, w = r["docs"], r["workers"]
    ours = n / first["wall"]
    tis = first["task_instances"]
    rows = [("documents", f"{n:,}", ""), ("worker processes", str(w), "")]
    if "bare" in r:
        bare = r["bare"]
        rows += [("bare trafilatura: wall s (mean of before/after)",
                  f"{bare['wall']:.1f} ({bare['walls'][0]:.1f}/{bare['walls'][1]:.1f})", ""),
                 ("bare trafilatura: docs/s", f"{bare['docs_per_s']:.1f}", ""),
                 ("bare trafilatura: peak RSS per process MiB", f"{bare['max_rss_mb']:.0f}", "")]
    rows += [("pipeline (DAG run, start to end as Airflow records it): wall s", f"{first['wall']:.1f}", ""),
             ("  the whole dag.test() call (with executor start and shut-down): wall s",
              f"{first['dag_test_wall']:.1f}", ""),
             ("pipeline: docs/s", f"{ours:.1f}", ""),
             ("pipeline: time per doc ms (wall x workers / docs)", f"{first['wall'] * w / n * 1000:.1f}", "")]
    if "bare" in r:
        ratio = ours / r["bare"]["docs_per_s"]
        rows.append(("throughput ratio pipeline / bare", f"{ratio:.2f}", "target >= 0.85"))
    rows += [("peak RSS per batch task MiB", f"{first['stats']['max_rss_mb']:.0f}", "target < 600"),
             ("peak RSS of the dag.test driver MiB", f"{first['driver_max_rss_mb']:.0f}", ""),
             ("task instances (batches)", f"{len(tis)} ({first['stats']['batches']:.0f})", "bounded"),
             ("scheduling overhead", f"{first['scheduling_overhead']:.1%}", "target < 10%"),
             ("re-run (unchanged corpus): wall s", f"{rerun['wall']:.1f}", ""),
             ("re-run speed-up", f"{first['wall'] / rerun['wall']:.1f}x", "target >= 20x"),
             ("re-run: documents skipped before parsing", f"{rerun['stats']['unchanged']:.0f}", ""),
             ("re-run: batches read", f"{rerun['stats']['batches']:.0f}", "")]
    if load:
        rows.append(("load stage alone: articles/s", f"{load['articles_per_s']:.0f}", "target >= 5000"))
    for name, share in first["shares"].items():
        rows.append((f"share of worker time: {name}", f"{share:.1%}", ""))
    for top in (load or {}).get("top_statements", [])[:4]:
        rows.append((f"load stage time: {top['statement'][:60]}", f"{top['share']:.0%}", ""))
    width = max(len(a) for a, _, _ in rows)
    print(f"\n| {'measure':<{width}} | value | target |\n|{'-' * (width + 2)}|------:|--------|")
    for name, value, target in rows:
        print(f"| {name:<{width}} | {value} | {target} |")


if __name__ == "__main__":
    main()
