"""
### Poll registered feeds and sitemaps, fetch their new entries

Every hour, polls each active feed (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed) and sitemap (index, gzipped,
Google News) registered with `news-etl feeds add`, with conditional GET (ETag / If-Modified-Since) and a
body hash that catches servers whose validators lie. Entries land in `feed_items` (guid, title, link,
dates, authors, categories); a feed that keeps failing backs off and is disabled with its reason.

* **start_run** applies pending migrations and opens an `ingest_runs` row.
* **poll_feeds** polls the due feeds (hosts side by side) and plans the entries still to fetch (no article yet, no final
  answer yet) into batches; only batch numbers travel by XCom.
* **fetch_batch** (mapped) fetches (hosts side by side, each at its politeness limit), extracts and loads
  a batch in one transaction, with the feed's title, dates, authors and categories as hints.
* **finish_run** totals the run and emits the `news_articles` asset.

A second poll of unchanged feeds fetches no article again: **poll_feeds** then closes the run itself,
**fetch_batch** and **finish_run** are skipped, and no asset event wakes `news_quality`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import Asset, Param, dag, task

ARTICLES = Asset(name="news_articles", uri="postgres://news_db/public/articles")


@dag(
    dag_id="news_poll_feeds",
    schedule="@hourly",
    catchup=False,
    max_active_runs=1,
    tags=["news", "ingest", "web", "feeds"],
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1), "execution_timeout": timedelta(minutes=55)},
    params={
        "force": Param(
            False, type="boolean", title="Poll all now",
            description="Poll every active feed and sitemap, even those whose next poll is later.",
        ),
        "batch_size": Param(
            100, type="integer", minimum=1, maximum=10_000, title="Batch size",
            description="Entries per mapped fetch task (raised automatically so a run never exceeds 512 batches).",
        ),
    },
    doc_md=__doc__,
)
def news_poll_feeds() -> None:
    @task
    def start_run(**context: Any) -> int:
        from news_etl.orchestration import start_ingest_run

        return start_ingest_run(context["dag"].dag_id, context["run_id"], dict(context["params"]))

    @task
    def poll_feeds(ingest_run: int, **context: Any) -> list[int]:
        from news_etl.orchestration import poll_feeds

        params = context["params"]
        return poll_feeds(ingest_run, bool(params["force"]), int(params["batch_size"]))

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
    fetched = fetch_batch.partial(ingest_run=ingest_run).expand(batch_no=poll_feeds(ingest_run))
    finish_run(ingest_run, fetched)


news_poll_feeds()
