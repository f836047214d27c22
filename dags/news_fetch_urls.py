"""
### Fetch web pages by URL into the news warehouse

Paste URLs into the **URLs** field (one per line). Each is normalized (scheme/host case, default port,
fragment and tracking parameters such as `utm_*` and `fbclid` removed); a URL whose article is already
stored is skipped unless **Refetch** is ticked.

* **start_run** applies pending migrations and opens an `ingest_runs` row.
* **plan_batches** writes the URLs to `run_inputs` and returns batch numbers (the only XCom).
* **fetch_batch** (mapped, one per batch) fetches politely (robots.txt, `User-Agent`, a per-host minimum
  delay and concurrency shared by all workers through PostgreSQL, Retry-After, back-off, SSRF guard,
  size/time/redirect limits) on `NEWS_FETCH_WORKERS` threads, hosts side by side; then extracts, and
  loads articles, failures and one `fetches` row per HTTP exchange in one transaction.
* **finish_run** totals the run and emits the `news_articles` asset.

When every URL is already stored, **plan_batches** closes the run itself: **fetch_batch** and
**finish_run** are skipped, and no asset event wakes `news_quality`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import Asset, Param, dag, task

ARTICLES = Asset(name="news_articles", uri="postgres://news_db/public/articles")


@dag(
    dag_id="news_fetch_urls",
    schedule=None,
    catchup=False,
    max_active_runs=4,
    tags=["news", "ingest", "web"],
    default_args={"retries": 2, "retry_delay": timedelta(seconds=30), "execution_timeout": timedelta(hours=2)},
    params={
        "urls": Param(
            [], type="array", items={"type": "string"}, minItems=1, title="URLs",
            description="Article URLs to fetch, one per line (http or https).",
        ),
        "refetch": Param(
            False, type="boolean", title="Refetch",
            description="Fetch URLs whose article is already stored (default: skip them).",
        ),
        "batch_size": Param(
            100, type="integer", minimum=1, maximum=10_000, title="Batch size",
            description="URLs per mapped fetch task (raised automatically so a run never exceeds 512 batches).",
        ),
    },
    doc_md=__doc__,
)
def news_fetch_urls() -> None:
    @task
    def start_run(**context: Any) -> int:
        from news_etl.orchestration import start_ingest_run

        return start_ingest_run(context["dag"].dag_id, context["run_id"], dict(context["params"]))

    @task
    def plan_batches(ingest_run: int, **context: Any) -> list[int]:
        from news_etl.orchestration import plan_fetch_urls

        params = context["params"]
        return plan_fetch_urls(ingest_run, params["urls"], bool(params["refetch"]), int(params["batch_size"]))

    # Each fetch task runs NEWS_FETCH_WORKERS threads, hosts side by side, and each thread holds a warehouse
    # connection: 4 tasks of this DAG at once keep the connections bounded (4 x (1 + 8) by default).
    @task(max_active_tis_per_dag=4)
    def fetch_batch(ingest_run: int, batch_no: int) -> dict[str, Any]:
        from news_etl.orchestration import fetch_url_batch

        return fetch_url_batch(ingest_run, batch_no)

    @task(outlets=[ARTICLES], trigger_rule="none_skipped", retries=0)
    def finish_run(ingest_run: int, results: list[dict[str, Any]]) -> dict[str, Any]:
        from news_etl.orchestration import finish_ingest_run

        return finish_ingest_run(ingest_run)

    ingest_run = start_run()
    fetched = fetch_batch.partial(ingest_run=ingest_run).expand(batch_no=plan_batches(ingest_run))
    finish_run(ingest_run, fetched)


news_fetch_urls()
