"""Data-quality checks in SQL: each names its offending rows; results are kept in quality_check_results."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from psycopg2.extensions import connection as Connection

from news_etl.db import query

log = logging.getLogger(__name__)

CHECKS = ("orphan_rows", "article_text", "dates", "fill_rates")
MAX_ROWS = 1000  # offending rows read per check; the count says "at least" beyond it
SAMPLE = 20  # offending rows named in the result and the error message


@dataclass(frozen=True)
class Thresholds:
    """The knobs of the checks (the news_quality DAG's Params)."""

    min_date: str = "1990-01-01"
    min_articles: int = 5
    min_title_rate: float = 0.9
    min_author_rate: float = 0.1  # plain-text exports often carry no byline or date: low floors by default
    min_date_rate: float = 0.1

    def as_params(self) -> dict[str, Any]:
        return {"min_date": self.min_date, "min_articles": self.min_articles,
                "min_title_rate": self.min_title_rate, "min_author_rate": self.min_author_rate,
                "min_date_rate": self.min_date_rate, "max_rows": MAX_ROWS}


@dataclass(frozen=True)
class CheckResult:
    name: str
    offending: int
    sample: list[dict[str, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.offending == 0

    def describe(self) -> str:
        if self.passed:
            return f"{self.name}: ok"
        more = "+" if self.offending >= MAX_ROWS else ""
        rows = "; ".join(f"{r['relation']} {r['key']}: {r['problem']}" for r in self.sample)
        return f"{self.name}: {self.offending}{more} offending row(s): {rows}"


def run_check(conn: Connection, name: str, thresholds: Thresholds | None = None,
              airflow_run_id: str | None = None) -> CheckResult:
    """Run one check (sql/queries/check_<name>.sql) and record its result."""
    if name not in CHECKS:
        raise ValueError(f"unknown check {name!r}; expected one of {', '.join(CHECKS)}")
    params = (thresholds or Thresholds()).as_params()
    with conn, conn.cursor() as cur:
        cur.execute(query(f"check_{name}"), params)
        rows = [{"relation": str(r[0]), "key": str(r[1]), "problem": str(r[2])} for r in cur.fetchall()]
        result = CheckResult(name, len(rows), rows[:SAMPLE])
        cur.execute(query("insert_quality_result"), {
            "airflow_run_id": airflow_run_id, "check_name": name, "passed": result.passed,
            "offending": result.offending, "sample": json.dumps(result.sample, ensure_ascii=False)})
    (log.info if result.passed else log.error)("quality %s", result.describe())
    return result


def run_checks(conn: Connection, thresholds: Thresholds | None = None,
               airflow_run_id: str | None = None) -> list[CheckResult]:
    return [run_check(conn, name, thresholds, airflow_run_id) for name in CHECKS]
