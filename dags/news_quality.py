"""
### Enrich the warehouse, refresh the analytics views, and check data quality

Runs after every load: it is scheduled on the `news_articles` asset that the ingest, fetch and reprocess
DAGs emit when they finish (and can be triggered by hand with other thresholds).

* **enrich** fingerprints articles stored before fingerprints existed and extracts named entities of new
  or changed articles (spaCy, for languages with an installed model; others get `entities_status`
  `no_model`).
* **refresh_views** refreshes the materialized analytics views (`daily_source_volume`, `weekly_top_tags`,
  `weekly_top_entities`, `author_activity`, `syndication_clusters`, `source_extraction_health`).
* **check_orphan_rows**, **check_article_text**, **check_dates**, **check_fill_rates**: SQL checks
  (`sql/queries/check_*.sql`). A failing check fails its task, without retry, and its error names the
  offending rows; every result is kept in `quality_check_results`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import Asset, Param, dag, task

ARTICLES = Asset(name="news_articles", uri="postgres://news_db/public/articles")
THRESHOLDS = ("min_date", "min_articles", "min_title_rate", "min_author_rate", "min_date_rate")


def _rate(default: float, what: str) -> Param:
    return Param(default, type="number", minimum=0, maximum=1, title=f"Minimum share with {what}",
                 description=f"Per source (with at least `min_articles` articles): the share of articles with "
                             f"{what} must reach this (0 to 1).")


@dag(
    dag_id="news_quality",
    schedule=[ARTICLES],
    catchup=False,
    max_active_runs=1,
    tags=["news", "quality", "analytics"],
    default_args={"retries": 2, "retry_delay": timedelta(seconds=15), "execution_timeout": timedelta(hours=1)},
    params={
        "min_date": Param("1990-01-01", type="string", title="Earliest publication date",
                          description="Articles published before this date (ISO 8601) fail the dates check."),
        "min_articles": Param(5, type="integer", minimum=1, title="Minimum articles for fill rates",
                              description="Sources with fewer articles are not held to the fill-rate thresholds."),
        "min_title_rate": _rate(0.9, "a title"),
        "min_author_rate": _rate(0.1, "an author"),
        "min_date_rate": _rate(0.1, "a publication date"),
    },
    doc_md=__doc__,
)
def news_quality() -> None:
    @task
    def enrich() -> dict[str, Any]:
        from news_etl.orchestration import enrich_warehouse

        return enrich_warehouse()

    @task
    def refresh_views(enriched: dict[str, Any]) -> float:
        from news_etl.orchestration import refresh_analytics_views

        return refresh_analytics_views()

    def check(name: str) -> Any:
        @task(task_id=f"check_{name}", retries=0)
        def run_check(refreshed: float, **context: Any) -> dict[str, Any]:
            from news_etl.orchestration import check_quality

            params = context["params"]
            return check_quality(name, {k: params[k] for k in THRESHOLDS}, context["run_id"])

        return run_check

    refreshed = refresh_views(enrich())
    for name in ("orphan_rows", "article_text", "dates", "fill_rates"):
        check(name)(refreshed)


news_quality()
