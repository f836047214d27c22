"""
### Ingest local files into the news warehouse

Reads every `.html`/`.htm` (optionally gzipped), `.txt`, `.json` and `.jsonl` file under the given
paths (directories recursively), cleans HTML with trafilatura and plain text with our boilerplate rules,
extracts metadata, and upserts `sources`, `documents`, `articles`, `authors` and `article_authors` in
PostgreSQL (the `news_db` connection; else `NEWS_DB_URL`; else the embedded server).

* **start_run** applies pending migrations and opens an `ingest_runs` row.
* **plan_batches** lists the inputs into `run_inputs` and returns batch numbers (the only XCom).
* **ingest_batch** (mapped, one per batch) extracts and loads a batch in one transaction; inputs that
  cannot be read, decoded or parsed become `failures` rows and the batch goes on.
* **finish_run** totals the run and emits the `news_articles` asset.

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
            description="Inputs per mapped task (raised automatically so a run never exceeds 512 batches).",
        ),
    },
    doc_md=__doc__,
)
def news_ingest_files() -> None:
    @task
    def start_run(**context: Any) -> int:
        from news_etl.orchestration import start_ingest_run

        return start_ingest_run(context["dag"].dag_id, context["run_id"], dict(context["params"]))

    @task
    def plan_batches(ingest_run: int, **context: Any) -> list[int]:
        from news_etl.orchestration import plan_ingest_batches

        params = context["params"]
        return plan_ingest_batches(ingest_run, params["paths"], int(params["batch_size"]))

    @task
    def ingest_batch(ingest_run: int, batch_no: int) -> dict[str, Any]:
        from news_etl.orchestration import ingest_batch

        return ingest_batch(ingest_run, batch_no)

    @task(outlets=[ARTICLES], trigger_rule="all_done", retries=0)
    def finish_run(ingest_run: int, results: list[dict[str, Any]]) -> dict[str, Any]:
        from news_etl.orchestration import finish_ingest_run

        return finish_ingest_run(ingest_run)

    ingest_run = start_run()
    loaded = ingest_batch.partial(ingest_run=ingest_run).expand(batch_no=plan_batches(ingest_run))
    finish_run(ingest_run, loaded)


news_ingest_files()
