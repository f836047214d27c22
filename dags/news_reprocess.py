"""
### Re-extract stored documents with the current extractor

Rebuilds every stored input (`documents`: raw bytes, kind and URL; JSON records are parsed again) and runs
it through today's extractor, **without fetching anything**, then loads the result like an ingest run:
changed articles are rewritten (their previous version goes to `article_versions`), unchanged ones are not
touched, so running it twice writes nothing the second time.

* **start_run** applies pending migrations and opens an `ingest_runs` row.
* **plan_batches** selects the documents (all, one **Source**, or those first loaded in **[Since, Until)**;
  the latest version of each locator) into `run_inputs` in batches, and returns one (run id, task slot)
  pair per mapped task.
* **reprocess_batches** (mapped, *Parallel tasks* copies; by default one per CPU with the LocalExecutor)
  re-extracts and loads every n-th batch, then takes over the batches the other copies have not started,
  each in its own transaction.
* **finish_run** totals the run and emits the `news_articles` asset (so `news_quality` runs after it).

When no stored document matches, **plan_batches** closes the run itself and the other tasks are skipped.
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
            description="Documents per transaction at most: what a task holds in memory at once, and what a "
                        "retry redoes. A small run is cut finer (four batches per task, not below 50).",
        ),
        "tasks": Param(
            0, type="integer", minimum=0, maximum=1024, title="Parallel tasks",
            description="Mapped tasks the batches are shared among. 0: Airflow's [core] parallelism, and with "
                        "the LocalExecutor no more than the worker's CPUs.",
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
    def plan_batches(ingest_run: int, **context: Any) -> list[dict[str, int]]:
        from news_etl.orchestration import plan_reprocess_batches

        p = context["params"]
        return plan_reprocess_batches(ingest_run, p["source"], p["since"], p["until"], int(p["batch_size"]),
                                      int(p.get("tasks") or 0))

    @task(multiple_outputs=False)  # one XCom of counts, not one per key
    def reprocess_batches(ingest_run: int, slot: int, slots: int) -> dict[str, Any]:
        from news_etl.orchestration import reprocess_batches

        return reprocess_batches(ingest_run, slot, slots)

    @task(outlets=[ARTICLES], trigger_rule="none_skipped", retries=0)
    def finish_run(ingest_run: int, results: list[dict[str, Any]]) -> dict[str, Any]:
        from news_etl.orchestration import finish_ingest_run

        return finish_ingest_run(ingest_run)

    ingest_run = start_run()
    done = reprocess_batches.expand_kwargs(plan_batches(ingest_run))
    finish_run(ingest_run, done)


news_reprocess()
