"""Environment knobs, read in one place with their defaults (see the README's configuration table)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# plugins/news_etl/config.py -> the repository (or image) root that holds sql/ and seeds/.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    db_url: str | None
    db_schema: str
    data_dir: Path
    sql_dir: Path
    max_document_bytes: int
    extract_timeout_s: float
    batch_size: int
    max_batches: int
    # Skip inputs whose (locator, sha256) already produced an article with this extractor version.
    skip_unchanged: bool = True
    # Fetching from the web (fetch.py, politeness.py, crawl.py).
    user_agent: str = "news-etl/0.1 (+https://github.com/news-etl/news-etl)"
    fetch_allow_networks: tuple[str, ...] = ()
    fetch_connect_timeout_s: float = 10.0
    fetch_read_timeout_s: float = 30.0
    fetch_total_timeout_s: float = 120.0
    fetch_max_bytes: int = 10 * 1024 * 1024
    fetch_max_redirects: int = 5
    fetch_retries: int = 2
    fetch_backoff_s: float = 2.0
    fetch_max_retry_after_s: float = 120.0
    domain_min_delay_s: float = 2.0
    domain_concurrency: int = 2
    # Threads that fetch a batch's URLs, hosts side by side (each holds its own database connection).
    fetch_workers: int = 8
    feed_poll_minutes: float = 60.0
    feed_failure_limit: int = 10
    poll_max_urls_per_feed: int = 500

    @property
    def embedded_pgdata(self) -> Path:
        return self.data_dir / "pgdata"


def settings() -> Settings:
    """Read the environment now (not at import: tests and tasks change it)."""
    return Settings(
        db_url=os.environ.get("NEWS_DB_URL") or None,
        db_schema=os.environ.get("NEWS_DB_SCHEMA", "public") or "public",
        data_dir=Path(os.environ.get("NEWS_ETL_DATA_DIR", str(PROJECT_ROOT / ".data"))),
        sql_dir=Path(os.environ.get("NEWS_ETL_SQL_DIR", str(PROJECT_ROOT / "sql"))),
        max_document_bytes=_int("NEWS_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024),
        extract_timeout_s=_float("NEWS_EXTRACT_TIMEOUT_S", 20.0),
        batch_size=_int("NEWS_BATCH_SIZE", 250),
        max_batches=_int("NEWS_MAX_BATCHES", 512),
        skip_unchanged=_int("NEWS_SKIP_UNCHANGED", 1) != 0,
        user_agent=os.environ.get("NEWS_USER_AGENT") or Settings.user_agent,
        fetch_allow_networks=tuple(
            n.strip() for n in os.environ.get("NEWS_FETCH_ALLOW_NETWORKS", "").split(",") if n.strip()),
        fetch_connect_timeout_s=_float("NEWS_FETCH_CONNECT_TIMEOUT_S", 10.0),
        fetch_read_timeout_s=_float("NEWS_FETCH_READ_TIMEOUT_S", 30.0),
        fetch_total_timeout_s=_float("NEWS_FETCH_TOTAL_TIMEOUT_S", 120.0),
        fetch_max_bytes=_int("NEWS_FETCH_MAX_BYTES", 10 * 1024 * 1024),
        fetch_max_redirects=_int("NEWS_FETCH_MAX_REDIRECTS", 5),
        fetch_retries=_int("NEWS_FETCH_RETRIES", 2),
        fetch_backoff_s=_float("NEWS_FETCH_BACKOFF_S", 2.0),
        fetch_max_retry_after_s=_float("NEWS_FETCH_MAX_RETRY_AFTER_S", 120.0),
        domain_min_delay_s=_float("NEWS_DOMAIN_MIN_DELAY_S", 2.0),
        domain_concurrency=max(1, _int("NEWS_DOMAIN_CONCURRENCY", 2)),
        fetch_workers=max(1, _int("NEWS_FETCH_WORKERS", 8)),
        feed_poll_minutes=_float("NEWS_FEED_POLL_MINUTES", 60.0),
        feed_failure_limit=max(1, _int("NEWS_FEED_FAILURE_LIMIT", 10)),
        poll_max_urls_per_feed=max(1, _int("NEWS_POLL_MAX_URLS_PER_FEED", 500)),
    )
