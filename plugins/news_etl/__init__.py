"""News ETL: load news articles, clean them with trafilatura and keep them in PostgreSQL."""

from __future__ import annotations

__version__ = "0.3.17"
