"""
### Ingest local files into the news warehouse

Reads every `.html`/`.htm` (optionally gzipped), `.txt`, `.json` and `.jsonl` file under the given
paths (directories recursively), cleans HTML with trafilatura and plain text with our boilerplate rules,
extracts metadata, and upserts `sources`, `documents`, `articles`, `authors` and `article_authors` in
PostgreSQL (the `news_db` connection; else `NEWS_DB_URL`; else the embedded server).

* **start_run** applies pending migrations, opens an `ingest_runs` row, lists the inputs into
  `run_inputs` in batches of *Batch size*, and returns one (run id, task slot) pair per mapped task (the
  only XCom). Files unchanged since they last loaded (same size and modification time, same extractor
  version) are not read at all: a re-run over an unchanged corpus plans no batch. One task rather than
  two: each task costs Airflow a scheduling round trip and a process start, the bulk of a re-run's time.
* **ingest_batches** (mapped, *Parallel tasks* copies; by default one per CPU with the LocalExecutor)
  loads every n-th batch, then takes over the batches the other copies have not started, each in its own
  transaction, so memory holds one batch and a retry skips the batches already loaded; inputs that
  cannot be read, decoded or parsed become `failures` rows and the batch goes on. A small run is cut
  into at least four batches per task (not below 50 inputs), so that the copies end close together.
  A task out of batches merges the full-text index's pending list while the others still work.
* **finish_run** merges what the last tasks left in that list, analyzes the tables the run changed by more
  than autovacuum's threshold (planner statistics), totals the run (found by this DAG run's id) and emits the
  `news_articles` asset. A run that plans no batch (a re-run over an unchanged corpus) is closed by
  **start_run** itself: the mapped task and **finish_run** are skipped (one task to schedule instead of
  two), and no asset event wakes `news_quality` for nothing.

Re-running over the same inputs adds no rows: every write is an upsert keyed on the normalized URL (or the
content hash when there is no URL).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import Asset, Param, dag, task

ARTICLES = Asset(name="news_articles", uri="postgres://news_db/public/articles")


@dag(
    dag_id="news_ingest_files",
    schedule=None,
    catchup=False,
    max_active_runs=4,
    tags=["news", "ingest", "files"],
    default_args={"retries": 2, "retry_delay": timedelta(seconds=15), "execution_timeout": timedelta(hours=2)},
    params={
        "paths": Param(
            ["seeds"], type="array", items={"type": "string"}, minItems=1, title="Paths",
            description="Files or directories on the worker (one per line). Relative paths are taken from the "
                        "project root, so `seeds` loads the sample articles.",
        ),
        "batch_size": Param(
            250, type="integer", minimum=1, maximum=100_000, title="Batch size",
            description="Inputs per transaction at most: what a task holds in memory at once, and what a retry "
                        "redoes. A small run is cut finer (four batches per task, not below 50 inputs).",
        ),
        "tasks": Param(
            0, type="integer", minimum=0, maximum=1024, title="Parallel tasks",
            description="Mapped ingest tasks the batches are shared among. 0: Airflow's [core] parallelism, "
                        "and with the LocalExecutor no more than the worker's CPUs.",
        ),
        "skip_unchanged": Param(
            True, type="boolean", title="Skip unchanged inputs",
            description="Do not read files whose size and modification time are those they had when they last "
                        "loaded, nor parse inputs whose bytes are unchanged. Off: read and extract everything again.",
        ),
    },
    doc_md=__doc__,
)
def news_ingest_files() -> None:
    @task
    def start_run(**context: Any) -> list[dict[str, int]]:
        from news_etl.orchestration import start_and_plan_ingest

        return start_and_plan_ingest(context["dag"].dag_id, context["run_id"], dict(context["params"]))

    @task(multiple_outputs=False)  # one XCom of counts, not one per key
    def ingest_batches(ingest_run: int, slot: int, slots: int, **context: Any) -> dict[str, Any]:
        from news_etl.orchestration import ingest_batches

        return ingest_batches(ingest_run, slot, slots, bool(context["params"]["skip_unchanged"]))

    @task(outlets=[ARTICLES], trigger_rule="none_skipped", retries=0)
    def finish_run(results: list[dict[str, Any]], **context: Any) -> dict[str, Any]:
        from news_etl.orchestration import finish_dag_ingest_run

        return finish_dag_ingest_run(context["dag"].dag_id, context["run_id"])

    loaded = ingest_batches.expand_kwargs(start_run())
    finish_run(loaded)


news_ingest_files()
