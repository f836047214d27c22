"""
### Re-extract stored documents with the current extractor

Rebuilds every stored input (`documents`: raw bytes, kind and URL; JSON records are parsed again) and runs
it through today's extractor, **without fetching anything**, then loads the result like an ingest run:
changed articles are rewritten (their previous version goes to `article_versions`), unchanged ones are not
touched, so running it twice writes nothing the second time.

* **start_run** applies pending migrations and opens an `ingest_runs` row.
* **plan_batches** selects the documents (all, one **Source**, or those first loaded in **[Since, Until)**;
  the latest version of each locator) into `run_inputs` and returns batch numbers.
* **reprocess_batch** (mapped, one per batch) re-extracts and loads a batch in one transaction.
* **finish_run** totals the run and emits the `news_articles` asset (so `news_quality` runs after it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import Asset, Param, dag, task

ARTICLES = Asset(name="news_articles", uri="postgres://news_db/public/articles")


@dag(
    dag_id="news_reprocess",
    schedule=None,
    catchup=False,
    max_active_runs=1,
    tags=["news", "reprocess"],
    default_args={"retries": 2, "retry_delay": timedelta(seconds=15), "execution_timeout": timedelta(hours=2)},
    params={
        "source": Param(
            None, type=["null", "string"], title="Source",
            description="Only this source (sources.name, e.g. `files:seeds` or `www.example.com`); empty: all.",
        ),
        "since": Param(
            None, type=["null", "string"], title="Since",
            description="Only documents first loaded at or after this date/time (ISO 8601); empty: no lower bound.",
        ),
        "until": Param(
            None, type=["null", "string"], title="Until",
            description="Only documents first loaded before this date/time (ISO 8601); empty: no upper bound.",
        ),
        "batch_size": Param(
            250, type="integer", minimum=1, maximum=100_000, title="Batch size",
            description="Documents per mapped task (raised automatically so a run never exceeds 512 batches).",
        ),
    },
    doc_md=__doc__,
)
def news_reprocess() -> None:
    @task
    def start_run(**context: Any) -> int:
        from news_etl.orchestration import start_reprocess_run

        return start_reprocess_run(context["dag"].dag_id, context["run_id"], dict(context["params"]))

    @task
    def plan_batches(ingest_run: int, **context: Any) -> list[int]:
        from news_etl.orchestration import plan_reprocess_batches

        p = context["params"]
        return plan_reprocess_batches(ingest_run, p["source"], p["since"], p["until"], int(p["batch_size"]))

    @task
    def reprocess_batch(ingest_run: int, batch_no: int) -> dict[str, Any]:
        from news_etl.orchestration import reprocess_batch

        return reprocess_batch(ingest_run, batch_no)

    @task(outlets=[ARTICLES], trigger_rule="all_done", retries=0)
    def finish_run(ingest_run: int, results: list[dict[str, Any]]) -> dict[str, Any]:
        from news_etl.orchestration import finish_ingest_run

        return finish_ingest_run(ingest_run)

    ingest_run = start_run()
    done = reprocess_batch.partial(ingest_run=ingest_run).expand(batch_no=plan_batches(ingest_run))
    finish_run(ingest_run, done)


news_reprocess()
