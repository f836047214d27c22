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
    )
